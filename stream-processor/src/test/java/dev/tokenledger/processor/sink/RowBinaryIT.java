package dev.tokenledger.processor.sink;

import static dev.tokenledger.schemas.testing.UsageEvents.claude;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.events.BreachKind;
import dev.tokenledger.events.BudgetBreach;
import dev.tokenledger.events.CostBreakdown;
import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.events.TokenCounts;
import dev.tokenledger.events.ToolCall;
import dev.tokenledger.warehouse.clickhouse.Column;
import dev.tokenledger.warehouse.UsageEventsTable;
import dev.tokenledger.warehouse.clickhouse.RowBinaryWriter;
import dev.tokenledger.warehouse.testing.TestDatabase;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * RowBinary inserts on the real local ClickHouse (18.16): the writers' column lists and types are the
 * tables' (from {@code system.columns}), and edge values — largest and smallest decimals of every width,
 * empty and non-ASCII strings, nulls, the DateTime and Date bounds, the largest counts and offsets — come
 * back exactly: byte for byte when read as RowBinary, and as the expected text.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RowBinaryIT {

  private static final BigDecimal MAX_18_9 = new BigDecimal("999999999.999999999");
  private static final BigDecimal MAX_38_9 = new BigDecimal("99999999999999999999999999999.999999999");
  private static final Instant MIN_TIME = Instant.parse("1970-01-05T00:00:00Z");   // a Monday: its week starts in range
  private static final Instant MAX_TIME = Instant.ofEpochSecond(RowBinaryWriter.MAX_DATETIME_SECONDS);
  private TestDatabase db;

  @BeforeAll
  void migrate() {
    db = TestDatabase.migrated("rowbinary");
  }

  @AfterAll
  void drop() {
    if (db != null) {
      db.close();
    }
  }

  @Test
  void usageRowsWithEdgeValuesComeBackExactly() throws Exception {
    PricedUsage largest = PricedEvents.priced(claude("évt-😀-漢字", MAX_TIME)
            .setObservedTime(MAX_TIME)
            .setOrgId("")
            .setTeam("")
            .setUserEmail("ünïcødé@例え.jp")
            .setNotes("tab\tnewline\nbackslash\\ quote' nul\0 end")
            .setTokens(TokenCounts.newBuilder().setInput(Long.MAX_VALUE).setOutput(0).setCacheWrite5m(1).setCacheWrite1h(Long.MAX_VALUE)
                .setCacheRead(Long.MAX_VALUE).setReasoning(Long.MAX_VALUE).setTool(Long.MAX_VALUE).build())
            .setWebSearchRequests(Integer.MAX_VALUE)
            .setToolCalls(List.of(ToolCall.newBuilder().setName("mcp__gït'hub__x").setMcpServer("gït'hub").setMcpTool("").setCount(Integer.MAX_VALUE).build(),
                ToolCall.newBuilder().setName("").setMcpServer(null).setMcpTool(null).setCount(0).build()))
            .setReportedCostUsd(MAX_18_9.negate())
            .build(), BigDecimal.ONE)
        .setCost(CostBreakdown.newBuilder().setInput(MAX_18_9).setOutput(MAX_18_9.negate()).setCacheWrite5m(new BigDecimal("0.000000001"))
            .setCacheWrite1h(new BigDecimal("-0.000000001")).setCacheRead(BigDecimal.ZERO).setTotal(new BigDecimal("0.000000001")).build())
        .setCacheSavings(new BigDecimal("-123456789.123456789"))
        .setMultiplier(new BigDecimal("9999.9999"))
        .setPriceEffectiveFrom(Instant.EPOCH)
        .setPricedTime(MAX_TIME)
        .build();
    PricedUsage smallest = PricedEvents.priced(claude("min", MIN_TIME).setObservedTime(Instant.EPOCH).build(), BigDecimal.ZERO)
        .setMultiplier(new BigDecimal("-9999.9999"))
        .setPricedTime(Instant.EPOCH)
        .build();
    RowBinaryWriter body = new RowBinaryWriter(64);
    UsageRows rows = new UsageRows(ZoneOffset.UTC);
    rows.write(largest, "töpic", Integer.MAX_VALUE, Long.MAX_VALUE - 1, body);
    rows.write(smallest, "", 0, 0, body);
    db.client().insert(UsageRows.INSERT, body.toByteArray());

    String columns = UsageRows.TABLE.columns().stream().map(Column::name).collect(Collectors.joining(", "));
    byte[] back = queryBytes("SELECT " + columns + " FROM usage_events ORDER BY kafka_offset DESC FORMAT RowBinary");
    assertThat(back).isEqualTo(body.toByteArray());

    List<Map<String, String>> text = db.rows("SELECT event_id, org_id, user_email, notes, toString(event_time) AS t, toString(event_week) AS w,"
        + " toString(input_cost) AS ic, toString(output_cost) AS oc, toString(cache_write_1h_cost) AS c1h, toString(reported_cost_usd) AS r,"
        + " toString(multiplier) AS m, toString(input_tokens) AS it, tool_names, tool_counts, kafka_topic, kafka_partition, toString(kafka_offset) AS o"
        + " FROM usage_events ORDER BY kafka_offset DESC");
    assertThat(text.get(0)).containsEntry("event_id", "évt-😀-漢字").containsEntry("org_id", "").containsEntry("user_email", "ünïcødé@例え.jp")
        .containsEntry("notes", "tab\\tnewline\\nbackslash\\\\ quote\\' nul\\0 end")   // as TabSeparated escapes it
        .containsEntry("t", "2105-12-31 23:59:59").containsEntry("w", "2105-12-28")
        .containsEntry("ic", "999999999.999999999").containsEntry("oc", "-999999999.999999999").containsEntry("c1h", "-0.000000001")
        .containsEntry("r", "-999999999.999999999").containsEntry("m", "9999.9999").containsEntry("it", String.valueOf(Long.MAX_VALUE))
        .containsEntry("tool_names", "['mcp__gït\\'hub__x','']").containsEntry("tool_counts", "[2147483647,0]")
        .containsEntry("kafka_topic", "töpic").containsEntry("kafka_partition", "2147483647").containsEntry("o", String.valueOf(Long.MAX_VALUE - 1));
    assertThat(text.get(1)).containsEntry("t", "1970-01-05 00:00:00").containsEntry("w", "1970-01-05").containsEntry("r", "\\N")
        .containsEntry("m", "-9999.9999").containsEntry("kafka_topic", "");
    assertThat(db.value("SELECT toString(sum(cost_usd)) FROM usage_daily WHERE dimension = 'org'")).isEqualTo("0.000000001");
  }

  @Test
  void breachRowsWithEdgeValuesComeBackExactly() throws Exception {
    BudgetBreach largest = BudgetBreach.newBuilder(PricedEvents.breach("bü dget", Instant.EPOCH, 65_535))
        .setSpendUsd(MAX_38_9)
        .setLimitUsd(MAX_18_9)
        .setPercentOfLimit(new BigDecimal("99999999999999.9999"))
        .setBurnRateUsdPerHour(MAX_38_9.negate())
        .setProjectedExhaustionTime(MAX_TIME)
        .setNotify(List.of("slack:#fïn'ops", ""))
        .setKind(BreachKind.FORECAST)
        .setProjectedSpendUsd(MAX_38_9)
        .build();
    BudgetBreach smallest = BudgetBreach.newBuilder(PricedEvents.breach("b", Instant.EPOCH, 0))
        .setSpendUsd(new BigDecimal("-0.000000001"))
        .setPercentOfLimit(new BigDecimal("-99999999999999.9999"))
        .setProjectedExhaustionTime(null)
        .setNotify(List.of())
        .setProjectedSpendUsd(null)
        .build();
    RowBinaryWriter body = new RowBinaryWriter(64);
    BreachRows rows = new BreachRows();
    rows.write(largest, "b", 1, 1, body);
    rows.write(smallest, "b", 1, 2, body);
    db.client().insert(BreachRows.INSERT, body.toByteArray());

    String columns = BreachRows.TABLE.columns().stream().map(Column::name).collect(Collectors.joining(", "));
    assertThat(queryBytes("SELECT " + columns + " FROM budget_breaches ORDER BY kafka_offset FORMAT RowBinary")).isEqualTo(body.toByteArray());
    // Decimal(38, 9) read as the column itself: 18.16's toString() garbles Decimal128 values over 19 integer digits
    List<Map<String, String>> text = db.rows("SELECT spend_usd AS s, burn_rate_usd_per_hour AS b,"
        + " toString(percent_of_limit) AS p, toString(projected_exhaustion_time) AS x, threshold_percent, notify, kind,"
        + " projected_spend_usd AS ps FROM budget_breaches ORDER BY kafka_offset");
    assertThat(text.get(0)).containsEntry("s", MAX_38_9.toPlainString()).containsEntry("b", MAX_38_9.negate().toPlainString())
        .containsEntry("p", "99999999999999.9999").containsEntry("x", "2105-12-31 23:59:59").containsEntry("threshold_percent", "65535")
        .containsEntry("notify", "['slack:#fïn\\'ops','']").containsEntry("kind", "FORECAST").containsEntry("ps", MAX_38_9.toPlainString());
    assertThat(text.get(1)).containsEntry("s", "-0.000000001").containsEntry("p", "-99999999999999.9999").containsEntry("x", "\\N")
        .containsEntry("threshold_percent", "0").containsEntry("notify", "[]").containsEntry("kind", "CROSSED")
        .containsEntry("ps", "\\N");
  }

  /** A query's raw response body (RowBinary is not text). */
  private byte[] queryBytes(String sql) throws Exception {
    URI uri = URI.create(db.url().replaceAll("/$", "") + "/?database=" + db.name() + "&query=" + URLEncoder.encode(sql, StandardCharsets.UTF_8));
    HttpResponse<byte[]> resp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(resp.statusCode()).as(() -> new String(resp.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    return Arrays.copyOf(resp.body(), resp.body().length);
  }
}
