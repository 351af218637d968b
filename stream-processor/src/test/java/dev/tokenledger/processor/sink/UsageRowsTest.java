package dev.tokenledger.processor.sink;

import static dev.tokenledger.schemas.testing.UsageEvents.claude;
import static dev.tokenledger.schemas.testing.UsageEvents.tokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.events.ToolCall;
import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.warehouse.clickhouse.RowBinaryWriter;
import dev.tokenledger.warehouse.clickhouse.UnwritableRecordException;
import dev.tokenledger.warehouse.testing.RowBinaryReader;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UsageRowsTest {

  private static final Instant T = Instant.parse("2026-11-22T23:30:00.123Z");   // 00:30 on Monday 23rd in Berlin
  private final UsageRows rows = new UsageRows(ZoneId.of("Europe/Berlin"));

  @Test
  void writesEveryColumnInOrderWithCalendarColumnsInTheOrganisationsZone() throws Exception {
    UsageEvent e = claude("evt-1", T)
        .setTokens(tokens(100, 200, 5, 6, 7))
        .setToolCalls(List.of(
            ToolCall.newBuilder().setName("Bash").setMcpServer(null).setMcpTool(null).setCount(2).build(),
            ToolCall.newBuilder().setName("mcp__git'hub__x").setMcpServer("git'hub").setMcpTool("x").setCount(1).build()))
        .setNotes("line1\nline2\tend\\")
        .build();
    PricedUsage p = PricedEvents.priced(e, new BigDecimal("0.0105")).build();

    Map<String, String> f = row(p, "usage.priced.v1", 3, 42);

    assertThat(f).hasSize(UsageRows.TABLE.columns().size());
    assertThat(value(f, "event_id")).isEqualTo("evt-1");
    assertThat(value(f, "org_id")).isEqualTo("acme");
    assertThat(value(f, "event_time")).isEqualTo("2026-11-22 23:30:00");
    assertThat(value(f, "event_time_ms")).isEqualTo(String.valueOf(T.toEpochMilli()));
    assertThat(value(f, "event_day")).isEqualTo("2026-11-23");
    assertThat(value(f, "event_week")).isEqualTo("2026-11-23");
    assertThat(value(f, "event_month")).isEqualTo("2026-11-01");
    assertThat(value(f, "source")).isEqualTo("CLAUDE_CODE");
    assertThat(value(f, "user_email")).isEmpty();
    assertThat(value(f, "cache_write_1h_tokens")).isEqualTo("6");
    assertThat(value(f, "tool_names")).isEqualTo("['Bash','mcp__git'hub__x']");
    assertThat(value(f, "tool_mcp_servers")).isEqualTo("['','git'hub']");
    assertThat(value(f, "tool_mcp_tools")).isEqualTo("['','x']");
    assertThat(value(f, "tool_counts")).isEqualTo("[2,1]");
    assertThat(value(f, "reported_cost_usd")).isEqualTo("\\N");
    assertThat(value(f, "notes")).isEqualTo("line1\nline2\tend\\");
    assertThat(value(f, "input_cost")).isEqualTo("0.004200000");
    assertThat(value(f, "output_cost")).isEqualTo("0.006300000");
    assertThat(value(f, "cost_total")).isEqualTo("0.010500000");
    assertThat(value(f, "multiplier")).isEqualTo("1.0000");
    assertThat(value(f, "price_effective_from")).isEqualTo("1970-01-01 00:00:00");
    assertThat(value(f, "version")).isEqualTo(String.valueOf(T.plusSeconds(5).toEpochMilli()));
    assertThat(value(f, "kafka_topic")).isEqualTo("usage.priced.v1");
    assertThat(value(f, "kafka_partition")).isEqualTo("3");
    assertThat(value(f, "kafka_offset")).isEqualTo("42");
    assertThat(value(f, "replaced_accuracy")).isEmpty();   // not a revision
  }

  @Test
  void theInsertStatementNamesItsColumnsAndFormat() {
    assertThat(UsageRows.INSERT).startsWith("INSERT INTO usage_events (event_id, org_id, event_time, ")
        .contains(", kafka_topic, kafka_partition, kafka_offset, counts_origin, revision, replaced_input_tokens, ")
        .endsWith(", replaced_cost_total, replaced_cache_savings, replaced_accuracy) FORMAT RowBinary");
  }

  @Test
  void aRejectedRowLeavesTheBufferAsItWas() throws Exception {
    RowBinaryWriter out = new RowBinaryWriter(16);
    rows.write(PricedEvents.priced("evt-ok", T, BigDecimal.ONE), "t", 0, 0, out);
    int size = out.size();
    PricedUsage lateFailure = PricedEvents.priced(claude("evt-late", T).build(), BigDecimal.ONE)
        .setPricedTime(Instant.parse("2200-01-01T00:00:00Z")).build();   // priced_time is among the last columns
    assertThatThrownBy(() -> rows.write(lateFailure, "t", 0, 1, out)).hasMessageContaining("evt-late: priced_time");
    assertThat(out.size()).isEqualTo(size);
    rows.write(PricedEvents.priced("evt-ok2", T, BigDecimal.TEN), "t", 0, 2, out);
    assertThat(RowBinaryReader.rows(out.toByteArray(), UsageRows.TABLE.columns())).extracting(r -> r.get("event_id") + "@" + r.get("kafka_offset"))
        .containsExactly("evt-ok@0", "evt-ok2@2");
  }

  @Test
  void valuesOutsideTheColumnTypesAreUnwritableWithAReason() {
    PricedUsage future = PricedEvents.priced("evt-2200", Instant.parse("2200-01-01T00:00:00Z"), BigDecimal.ONE);
    assertThatThrownBy(() -> row(future, "t", 0, 0)).isInstanceOf(UnwritableRecordException.class)
        .hasMessageContaining("evt-2200").hasMessageContaining("event_time").hasMessageContaining("outside DateTime's range");

    PricedUsage negative = PricedEvents.priced(claude("evt-neg", T).setTokens(tokens(-1, 0, 0, 0, 0)).build(), BigDecimal.ONE).build();
    assertThatThrownBy(() -> row(negative, "t", 0, 0)).hasMessageContaining("input_tokens = -1 is negative");

    PricedUsage huge = PricedEvents.priced("evt-huge", T, new BigDecimal("1000000000"));
    assertThatThrownBy(() -> row(huge, "t", 0, 0)).hasMessageContaining("out of the range of Decimal(18, 9)");

    PricedUsage precise = PricedEvents.priced(claude("evt-p", T).setReportedCostUsd(new BigDecimal("0.0000000001")).build(),
        BigDecimal.ONE).build();
    assertThatThrownBy(() -> row(precise, "t", 0, 0)).hasMessageContaining("more than 9 decimal places");
  }

  private Map<String, String> row(PricedUsage p, String topic, int partition, long offset) throws UnwritableRecordException {
    RowBinaryWriter out = new RowBinaryWriter(64);
    rows.write(p, topic, partition, offset, out);
    List<Map<String, String>> all = RowBinaryReader.rows(out.toByteArray(), UsageRows.TABLE.columns());   // read by the declared types
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  private static String value(Map<String, String> row, String column) {
    assertThat(row).containsKey(column);
    return row.get(column);
  }
}
