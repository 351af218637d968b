package dev.tokenledger.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImporterTest {

  private static final LocalDate D1 = LocalDate.of(2026, 11, 1);

  record Saved(ReportKind report, DayRange range, List<ProviderRow> rows, long version, String origin) {}

  static final class RecordingStore implements ReconciliationStore {
    final List<Saved> saved = new ArrayList<>();

    @Override
    public void saveImport(String orgId, Provider provider, ReportKind report, DayRange range, List<ProviderRow> rows,
        long version, String origin) {
      saved.add(new Saved(report, range, rows, version, origin));
    }

    @Override
    public List<ProviderRow> providerRows(String orgId, Provider provider, List<ReportKind> reports, DayRange range) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<LedgerRow> ledgerRows(String orgId, Provider provider, GroupBy groupBy, LedgerScope scope, DayRange range) {
      throw new UnsupportedOperationException();
    }
  }

  private static ProviderRow cost(LocalDate day, String model, String usd) {
    return new ProviderRow(Provider.ANTHROPIC, ReportKind.COST, day, model, "", TokenCounts.ZERO, new BigDecimal(usd));
  }

  @Test
  void rowsOfOneKeyAreAddedUpAndDaysOutsideTheRangeLeftOut() throws Exception {
    ProviderReportSource source = new ProviderReportSource() {
      @Override
      public Provider provider() {
        return Provider.ANTHROPIC;
      }

      @Override
      public String origin() {
        return "files";
      }

      @Override
      public List<ProviderRow> fetch(ReportKind report, DayRange range) {
        return List.of(cost(D1, "m", "0.0045"), cost(D1, "m", "0.0075"), cost(D1.minusDays(1), "m", "9"), cost(D1, "", "0.1"));
      }
    };
    RecordingStore store = new RecordingStore();
    Clock clock = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);
    List<Importer.Imported> done = new Importer(store, clock).run("acme", source, List.of(ReportKind.COST),
        new DayRange(D1, D1));
    assertThat(done).containsExactly(new Importer.Imported(ReportKind.COST, 2, clock.millis()));
    assertThat(store.saved).singleElement().satisfies(s -> {
      assertThat(s.origin()).isEqualTo("files");
      assertThat(s.rows()).extracting(ProviderRow::model, r -> r.costUsd().toPlainString())
          .containsExactly(org.assertj.core.groups.Tuple.tuple("m", "0.0120"), org.assertj.core.groups.Tuple.tuple("", "0.1"));
    });
  }

  @Test
  void aReportTheProviderDoesNotHaveIsRefused() {
    ProviderReportSource openai = new ProviderReportSource() {
      @Override
      public Provider provider() {
        return Provider.OPENAI;
      }

      @Override
      public String origin() {
        return "api";
      }

      @Override
      public List<ProviderRow> fetch(ReportKind report, DayRange range) {
        return List.of();
      }
    };
    assertThatThrownBy(() -> new Importer(new RecordingStore(), Clock.systemUTC()).run("acme", openai,
        List.of(ReportKind.CLAUDE_CODE), new DayRange(D1, D1))).hasMessage("openai has no claude_code report");
  }

  @Test
  void aRangeIsCheckedWhenMade() {
    assertThatThrownBy(() -> new DayRange(D1, D1.minusDays(1))).hasMessageContaining("is before from");
    assertThatThrownBy(() -> new DayRange(D1, D1.plusDays(DayRange.MAX_DAYS))).hasMessageContaining("longer than 366 days");
    assertThat(new DayRange(D1, D1.plusDays(2)).days()).hasSize(3);
  }
}
