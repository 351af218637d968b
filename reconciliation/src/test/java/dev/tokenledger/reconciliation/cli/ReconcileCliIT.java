package dev.tokenledger.reconciliation.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.reconciliation.testing.DocumentedResponses;
import dev.tokenledger.reconciliation.testing.LedgerSeed;
import dev.tokenledger.reconciliation.testing.ProviderTruth;
import dev.tokenledger.reconciliation.testing.ProviderTruth.Figure;
import dev.tokenledger.reconciliation.testing.ReplayServer.Answer;
import dev.tokenledger.reconciliation.testing.ReplayServer.Request;
import dev.tokenledger.reconciliation.testing.SeedEvent;
import dev.tokenledger.reconciliation.TokenCounts;
import dev.tokenledger.warehouse.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The air-gapped path end to end: OpenAI's report pages exported to files, imported with
 * {@code reconcile import --files}, shown as CSV, checked against the threshold (exit 3), on the real ClickHouse.
 */
class ReconcileCliIT {

  @TempDir
  Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int exit = ReconcileMain.run(args);
      return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  /** Every page of {@code path} for November 2026, written as {@code prefix-NNN.json}. */
  private void export(Map<String, Function<Request, Answer>> api, String path, String prefix, Path to) throws Exception {
    Map<String, String> q = new LinkedHashMap<>(Map.of("start_time", "1793491200", "end_time", "1796083200", "limit", "31"));
    for (int n = 1; ; n++) {
      String body = api.get(path).apply(new Request(path, Map.copyOf(q), Map.of())).body();
      Files.writeString(to.resolve(String.format("%s-%03d.json", prefix, n)), body);
      var next = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).get("next_page");
      if (next == null || next.isNull()) {
        return;
      }
      q.put("page", next.asText());
    }
  }

  @Test
  void exportedPagesImportAndShowAndTheCheckFailsOnlyOnAVariance() throws Exception {
    try (TestDatabase db = TestDatabase.migrated("reconcile_cli")) {
      List<SeedEvent> events = LedgerSeed.events(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30));
      LedgerSeed.insert(db.client(), events);
      ProviderTruth truth = ProviderTruth.of(events, "openai", List.of());
      Path pages = Files.createDirectory(dir.resolve("openai-november"));
      export(DocumentedResponses.openai(() -> truth), "/v1/organization/usage/completions", "usage", pages);
      export(DocumentedResponses.openai(() -> truth), "/v1/organization/costs", "cost", pages);
      Path config = dir.resolve("reconcile.toml");
      Files.writeString(config, "[reconcile]\norg_id = \"acme\"\nalert_share = \"0.01\"\n[clickhouse]\nurl = \"" + db.url()
          + "\"\ndatabase = \"" + db.name() + "\"\n");
      String[] range = {"--from", "2026-11-01", "--to", "2026-11-30", "--config", config.toString()};

      Run imported = run(concat(new String[] {"reconcile", "import", "--provider", "openai", "--files", pages.toString()}, range));
      assertThat(imported.exit()).as(imported.err()).isZero();
      assertThat(imported.out()).contains("openai usage 2026-11-01..2026-11-30: 30 rows imported from files")
          .contains("openai cost 2026-11-01..2026-11-30: 30 rows imported from files");

      Run csv = run(concat(new String[] {"show", "--provider", "openai", "--csv", "--check"}, range));
      assertThat(csv.exit()).as(csv.err()).isZero();
      List<String> lines = csv.out().lines().toList();
      assertThat(lines).hasSize(31);
      assertThat(lines.get(0)).startsWith("day,provider,model,subject,status,");
      assertThat(lines.get(1)).startsWith("2026-11-01,openai,gpt-5-codex,,matched,").endsWith(",0,0.000000,false");

      // one day's cost 2 % too high at the provider: over the 1 % threshold
      LocalDate d = LocalDate.of(2026, 11, 7);
      BigDecimal ledgerCost = truth.day(d).get(LedgerSeed.CODEX).cost();
      truth.add(d, LedgerSeed.CODEX, new Figure(TokenCounts.ZERO, ledgerCost.multiply(new BigDecimal("0.02"))));
      export(DocumentedResponses.openai(() -> truth), "/v1/organization/costs", "cost", pages);
      assertThat(run(concat(new String[] {"import", "--provider", "openai", "--report", "cost", "--files", pages.toString()},
          range)).exit()).isZero();
      Run checked = run(concat(new String[] {"show", "--provider", "openai", "--json", "--check"}, range));
      assertThat(checked.exit()).isEqualTo(ShowCommand.OVER_THRESHOLD);
      assertThat(checked.out()).contains("\"day\" : \"2026-11-07\"").contains("\"status\" : \"different\"")
          .contains("\"over_threshold\" : true");

      Run bad = run(concat(new String[] {"show", "--provider", "openai", "--group-by", "subject"}, range));
      assertThat(bad.exit()).isEqualTo(2);
      assertThat(bad.err()).contains("group by model");
      Run noKey = run(concat(new String[] {"import", "--provider", "anthropic"}, range));
      assertThat(noKey.exit()).isEqualTo(2);
      assertThat(noKey.err()).contains("no anthropic admin key");
    }
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = new String[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
