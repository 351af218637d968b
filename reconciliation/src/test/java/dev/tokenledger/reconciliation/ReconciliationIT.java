package dev.tokenledger.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.reconciliation.anthropic.AnthropicReports;
import dev.tokenledger.reconciliation.clickhouse.ClickHouseReconciliationStore;
import dev.tokenledger.reconciliation.http.ProviderHttp;
import dev.tokenledger.reconciliation.openai.OpenAiReports;
import dev.tokenledger.reconciliation.testing.DocumentedResponses;
import dev.tokenledger.reconciliation.testing.LedgerSeed;
import dev.tokenledger.reconciliation.testing.ProviderTruth;
import dev.tokenledger.reconciliation.testing.ProviderTruth.Figure;
import dev.tokenledger.reconciliation.testing.ReplayServer;
import dev.tokenledger.reconciliation.testing.SeedEvent;
import dev.tokenledger.retry.RetryPolicy;
import dev.tokenledger.warehouse.testing.TestDatabase;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replayed provider reports for a month against a ledger on the real ClickHouse: zero variance when they
 * match, exactly the injected differences when one is injected, and a re-import that replaces a day.
 * Expected figures are computed here from the seeded events ({@link ProviderTruth}), never by the SQL
 * under test.
 */
class ReconciliationIT {

  private static final LocalDate FROM = LocalDate.of(2026, 11, 1);
  private static final LocalDate LAST_LEDGER_DAY = LocalDate.of(2026, 11, 29);
  private static final LocalDate TO = LocalDate.of(2026, 11, 30);
  private static final DayRange NOVEMBER = new DayRange(FROM, TO);
  private static final LedgerScope API_SCOPE = new LedgerScope(List.of(), List.of(LedgerSeed.SUBSCRIBER), List.of("CLAUDE_CODE"));

  private TestDatabase db;
  private final List<Duration> waits = new CopyOnWriteArrayList<>();
  private final AtomicLong now = new AtomicLong(Instant.parse("2026-12-02T08:00:00Z").toEpochMilli());
  private final Clock clock = new Clock() {
    @Override
    public ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(now.addAndGet(1000));          // every import a later version
    }
  };

  private List<SeedEvent> events;
  private ClickHouseReconciliationStore store;

  @BeforeEach
  void seed() {
    db = TestDatabase.migrated("reconcile");
    events = LedgerSeed.events(FROM, LAST_LEDGER_DAY);              // the ledger has nothing on 30 November
    LedgerSeed.insert(db.client(), events);
    store = new ClickHouseReconciliationStore(db.client(), clock);
  }

  @AfterEach
  void drop() {
    db.close();
  }

  private ProviderHttp http() {
    return new ProviderHttp(RetryPolicy.exponential(Duration.ofMillis(10), Duration.ofMillis(100)).withMaxAttempts(5),
        Duration.ofSeconds(10), waits::add);
  }

  private List<ReconciliationRow> reconcile(Provider p, GroupBy g) {
    return new ReconciliationService(store).reconcile(LedgerSeed.ORG, List.of(p), g, NOVEMBER, Map.of(p, API_SCOPE),
        Map.of());
  }

  @Test
  void aMonthOfAnthropicReportsReconcilesToZeroAndThenShowsExactlyTheInjectedDifferences() throws Exception {
    ProviderTruth truth = ProviderTruth.of(events, "anthropic", List.of(LedgerSeed.SUBSCRIBER));
    AtomicReference<ProviderTruth> served = new AtomicReference<>(truth);
    try (ReplayServer server = new ReplayServer(DocumentedResponses.anthropic(served::get))) {
      server.failNext(new ReplayServer.Answer(429, "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\","
          + "\"message\":\"Rate limited\"}}", Map.of("retry-after", "3")));
      AnthropicReports api = new AnthropicReports(http(), server.baseUrl(), "sk-ant-admin01-test");
      Importer importer = new Importer(store, clock);

      List<Importer.Imported> done = importer.run(LedgerSeed.ORG, api, Provider.ANTHROPIC.reports(), NOVEMBER);
      assertThat(done).extracting(Importer.Imported::rows).containsExactly(29 * 2, 29 * 2, 29 * 2 * 2);
      assertThat(waits).containsExactly(Duration.ofSeconds(3));        // the 429's retry-after, not the 10 ms backoff
      assertThat(server.requests().stream().filter(r -> r.path().endsWith("/messages")).count())
          .isEqualTo(1 + 3);                                             // the refused request + 30 buckets in pages of 10
      assertThat(server.requests().stream().filter(r -> r.path().endsWith("/claude_code")).count())
          .isEqualTo(29 * 2 + 1);                                       // one record per page, and the empty 30th

      List<ReconciliationRow> byModel = reconcile(Provider.ANTHROPIC, GroupBy.MODEL);
      assertThat(byModel).hasSize(29 * 2).allSatisfy(ReconciliationIT::zero);
      assertSidesEqualTruth(byModel, truth);
      List<ReconciliationRow> bySubject = reconcile(Provider.ANTHROPIC, GroupBy.SUBJECT);
      assertThat(bySubject).hasSize(29 * 2 * 2).allSatisfy(ReconciliationIT::zero);
      assertThat(bySubject).extracting(ReconciliationRow::subject).containsOnlyElementsOf(LedgerSeed.API_USERS);

      // inject: a provider day the ledger lacks, a model off by 1 234 output tokens, a day's cost off by $0.25
      ProviderTruth injected = truth.copy();
      Figure extra = new Figure(new TokenCounts(500, 70, 0, 30), new BigDecimal("0.0042"));
      injected.add(TO, LedgerSeed.SONNET, extra);
      injected.add(LocalDate.of(2026, 11, 10), LedgerSeed.HAIKU, new Figure(new TokenCounts(0, 1234, 0, 0), BigDecimal.ZERO));
      injected.add(LocalDate.of(2026, 11, 20), LedgerSeed.SONNET, new Figure(TokenCounts.ZERO, new BigDecimal("0.25")));
      served.set(injected);
      importer.run(LedgerSeed.ORG, api, List.of(ReportKind.USAGE, ReportKind.COST), NOVEMBER);

      List<ReconciliationRow> after = reconcile(Provider.ANTHROPIC, GroupBy.MODEL);
      assertThat(after).hasSize(29 * 2 + 1);
      assertSidesEqualTruth(after, injected);
      List<ReconciliationRow> off = after.stream().filter(r -> r.status() != MatchStatus.MATCHED).toList();
      assertThat(off).extracting(ReconciliationRow::day, ReconciliationRow::model, ReconciliationRow::status,
          ReconciliationRow::tokenVariance).containsExactly(
          org.assertj.core.groups.Tuple.tuple(LocalDate.of(2026, 11, 10), LedgerSeed.HAIKU, MatchStatus.DIFFERENT, -1234L),
          org.assertj.core.groups.Tuple.tuple(LocalDate.of(2026, 11, 20), LedgerSeed.SONNET, MatchStatus.DIFFERENT, 0L),
          org.assertj.core.groups.Tuple.tuple(TO, LedgerSeed.SONNET, MatchStatus.PROVIDER_ONLY, -600L));
      assertThat(off.get(0).costVarianceUsd()).isEqualByComparingTo("0");
      assertThat(off.get(1).costVarianceUsd()).isEqualByComparingTo("-0.25");
      BigDecimal nov20Provider = truth.day(LocalDate.of(2026, 11, 20)).get(LedgerSeed.SONNET).cost().add(new BigDecimal("0.25"));
      assertThat(off.get(1).costShare()).contains(new BigDecimal("-0.25").divide(nov20Provider, 6, java.math.RoundingMode.HALF_EVEN));
      long nov10Provider = truth.day(LocalDate.of(2026, 11, 10)).get(LedgerSeed.HAIKU).tokens().total() + 1234;
      assertThat(off.get(0).tokenShare()).contains(BigDecimal.valueOf(-1234).divide(BigDecimal.valueOf(nov10Provider), 6,
          java.math.RoundingMode.HALF_EVEN));
      assertThat(off.get(2).costVarianceUsd()).isEqualByComparingTo("-0.0042");
      assertThat(off.get(2).costShare()).contains(new BigDecimal("-1.000000"));
      // the subject view reads the Claude Code report, which was not re-imported: still zero
      assertThat(reconcile(Provider.ANTHROPIC, GroupBy.SUBJECT)).allSatisfy(ReconciliationIT::zero);

      // re-importing the true reports replaces the days, also the 30th that has no figures any more
      served.set(truth);
      importer.run(LedgerSeed.ORG, api, List.of(ReportKind.USAGE, ReportKind.COST), NOVEMBER);
      assertThat(reconcile(Provider.ANTHROPIC, GroupBy.MODEL)).hasSize(29 * 2).allSatisfy(ReconciliationIT::zero);
    }
  }

  @Test
  void aMonthOfOpenAiReportsReconcilesToZeroAndShowsAMissingLedgerDay() throws Exception {
    ProviderTruth truth = ProviderTruth.of(events, "openai", List.of());
    AtomicReference<ProviderTruth> served = new AtomicReference<>(truth);
    try (ReplayServer server = new ReplayServer(DocumentedResponses.openai(served::get))) {
      OpenAiReports api = new OpenAiReports(http(), server.baseUrl(), "sk-admin-test");
      Importer importer = new Importer(store, clock);
      importer.run(LedgerSeed.ORG, api, Provider.OPENAI.reports(), NOVEMBER);
      List<ReconciliationRow> rows = reconcile(Provider.OPENAI, GroupBy.MODEL);
      assertThat(rows).hasSize(29).allSatisfy(ReconciliationIT::zero);
      assertSidesEqualTruth(rows, truth);

      ProviderTruth injected = truth.copy();
      injected.add(TO, LedgerSeed.CODEX, new Figure(new TokenCounts(10, 20, 0, 30), new BigDecimal("0.5")));
      served.set(injected);
      importer.run(LedgerSeed.ORG, api, Provider.OPENAI.reports(), NOVEMBER);
      List<ReconciliationRow> off = reconcile(Provider.OPENAI, GroupBy.MODEL).stream()
          .filter(r -> r.status() != MatchStatus.MATCHED).toList();
      assertThat(off).singleElement().satisfies(r -> {
        assertThat(r.day()).isEqualTo(TO);
        assertThat(r.status()).isEqualTo(MatchStatus.PROVIDER_ONLY);
        assertThat(r.providerTokens()).isEqualTo(new TokenCounts(10, 20, 0, 30));
        assertThat(r.costVarianceUsd()).isEqualByComparingTo("-0.5");
      });
    }
  }

  private static void zero(ReconciliationRow r) {
    assertThat(r.status()).as("%s %s %s", r.day(), r.model(), r.subject()).isEqualTo(MatchStatus.MATCHED);
    assertThat(r.tokenVariance()).isZero();
    assertThat(r.costVarianceUsd().signum()).isZero();
    assertThat(r.costShare()).contains(new BigDecimal("0.000000"));
  }

  /** Each row's provider side is the truth's figure and its ledger side the seeded events' sum, by UTC day. */
  private void assertSidesEqualTruth(List<ReconciliationRow> rows, ProviderTruth truth) {
    String provider = rows.get(0).provider().id();
    ProviderTruth ledger = ProviderTruth.of(events, provider, List.of(LedgerSeed.SUBSCRIBER));
    for (ReconciliationRow r : rows) {
      Figure p = truth.day(r.day()).get(r.model());
      Figure l = ledger.day(r.day()).get(r.model());
      assertThat(r.providerTokens()).isEqualTo(p == null ? TokenCounts.ZERO : p.tokens());
      assertThat(r.providerCostUsd()).isEqualByComparingTo(p == null ? BigDecimal.ZERO : p.cost());
      assertThat(r.ledgerTokens()).isEqualTo(l == null ? TokenCounts.ZERO : l.tokens());
      assertThat(r.ledgerCostUsd()).isEqualByComparingTo(l == null ? BigDecimal.ZERO : l.cost());
    }
  }
}
