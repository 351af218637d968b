package dev.tokenledger.reconciliation.testing;

import dev.tokenledger.warehouse.clickhouse.ClickHouseClient;
import dev.tokenledger.warehouse.clickhouse.SqlLiteral;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A month of ledger events with figures from a formula: two Claude models used by two API users through
 * Claude Code, a subscription user (outside the API reports' scope), and Codex on OpenAI. Some events fall
 * at 23:30 UTC, whose {@code event_day} in the organisation's zone (UTC+2) is the next day: the
 * reconciliation must use the UTC day. Costs are tokens times fixed per-token prices.
 */
public final class LedgerSeed {

  public static final String ORG = "acme";
  public static final String SONNET = "claude-sonnet-4-5-20250929";
  public static final String HAIKU = "claude-haiku-4-5-20251001";
  public static final String CODEX = "gpt-5-codex";
  public static final List<String> API_USERS = List.of("ana@acme.example", "bo@acme.example");
  public static final String SUBSCRIBER = "max@acme.example";
  public static final ZoneOffset ORG_ZONE = ZoneOffset.ofHours(2);

  private LedgerSeed() {}

  /** Events on every day from {@code from} to {@code to}. */
  public static List<SeedEvent> events(LocalDate from, LocalDate to) {
    List<SeedEvent> out = new ArrayList<>();
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      int day = d.getDayOfMonth();
      for (int m = 0; m < 2; m++) {
        String model = m == 0 ? SONNET : HAIKU;
        for (int u = 0; u < API_USERS.size(); u++) {
          for (int i = 0; i < 3; i++) {
            Instant t = d.atTime(i == 2 ? 23 : 1 + 8 * i, i == 2 ? 30 : 0).toInstant(ZoneOffset.UTC);
            out.add(event(d + "-" + m + "-" + u + "-" + i, t, "anthropic", "CLAUDE_CODE", model, API_USERS.get(u),
                100 + day * 7L + i, 50L * (i + 1) + m * 13L + u, 10L * i, (day % 3) * 5L, 1000 + day * 11L + u));
          }
        }
        out.add(event(d + "-" + m + "-max", d.atTime(12, 0).toInstant(ZoneOffset.UTC), "anthropic", "CLAUDE_CODE", model,
            SUBSCRIBER, 999, 999, 0, 0, 999));
      }
      for (int i = 0; i < 2; i++) {
        out.add(event(d + "-codex-" + i, d.atTime(10 + 12 * i, 15).toInstant(ZoneOffset.UTC), "openai", "CODEX_CLI", CODEX,
            API_USERS.get(i), 300 + day * 3L, 80 + i * 40L, 0, 0, 2000 + day * 5L));
      }
    }
    return out;
  }

  private static SeedEvent event(String id, Instant t, String provider, String source, String model, String email, long input,
      long output, long cw5m, long cw1h, long read) {
    BigDecimal[] p = prices(model);
    BigDecimal cost = p[0].multiply(BigDecimal.valueOf(input)).add(p[1].multiply(BigDecimal.valueOf(output)))
        .add(p[2].multiply(BigDecimal.valueOf(cw5m))).add(p[3].multiply(BigDecimal.valueOf(cw1h)))
        .add(p[4].multiply(BigDecimal.valueOf(read))).setScale(9, RoundingMode.UNNECESSARY);
    return new SeedEvent("evt-" + id, t, provider, source, model, email, input, output, cw5m, cw1h, read, cost);
  }

  /** Per token: input, output, 5m cache write, 1h cache write, cache read (USD). */
  private static BigDecimal[] prices(String model) {
    return switch (model) {
      case SONNET -> dec("0.000003", "0.000015", "0.00000375", "0.000006", "0.0000003");
      case HAIKU -> dec("0.000001", "0.000005", "0.00000125", "0.000002", "0.0000001");
      default -> dec("0.00000125", "0.00001", "0", "0", "0.000000125");
    };
  }

  private static BigDecimal[] dec(String... s) {
    BigDecimal[] out = new BigDecimal[s.length];
    for (int i = 0; i < s.length; i++) {
      out[i] = new BigDecimal(s[i]);
    }
    return out;
  }

  /** Inserts {@code events} into {@code usage_events} (only the columns the reconciliation reads, and the keys). */
  public static void insert(ClickHouseClient ch, List<SeedEvent> events) {
    String values = events.stream().map(e -> "(" + String.join(", ", SqlLiteral.quote(e.eventId()), SqlLiteral.quote(ORG),
        "toDateTime(" + e.time().getEpochSecond() + ", 'UTC')", String.valueOf(e.time().toEpochMilli()),
        SqlLiteral.date(e.time().atOffset(ORG_ZONE).toLocalDate()), SqlLiteral.quote(e.source()), SqlLiteral.quote(e.provider()),
        SqlLiteral.quote(e.model()), SqlLiteral.quote(e.model()), SqlLiteral.quote(e.email()), SqlLiteral.quote(e.email()),
        String.valueOf(e.input()), String.valueOf(e.output()), String.valueOf(e.cacheWrite5m()), String.valueOf(e.cacheWrite1h()),
        String.valueOf(e.cacheRead()), "toDecimal64(" + SqlLiteral.quote(e.cost().toPlainString()) + ", 9)", "1") + ")")
        .collect(Collectors.joining(",\n"));
    ch.execute("INSERT INTO usage_events (event_id, org_id, event_time, event_time_ms, event_day, source, provider, model,"
        + " normalized_model, user_id, user_email, input_tokens, output_tokens, cache_write_5m_tokens, cache_write_1h_tokens,"
        + " cache_read_tokens, cost_total, version) VALUES\n" + values);
  }
}
