package dev.tokenledger.processor.sink;

import dev.tokenledger.events.CostBreakdown;
import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.events.TokenCounts;
import dev.tokenledger.events.ToolCall;
import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.warehouse.Table;
import dev.tokenledger.warehouse.UsageEventsTable;
import dev.tokenledger.warehouse.clickhouse.DecimalType;
import dev.tokenledger.warehouse.clickhouse.RowBinaryWriter;
import dev.tokenledger.warehouse.clickhouse.UnwritableRecordException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes a {@link PricedUsage} as a {@code usage_events} row (RowBinary, ADR 0305). Calendar columns
 * (event_day, event_week = ISO Monday, event_month) are computed in the organisation's time zone, the
 * same calendar the stream processor uses. Null strings are stored as the empty string.
 */
public final class UsageRows {

  /** The table written (the catalogue's): {@link #write} writes its columns in their order. */
  public static final Table TABLE = UsageEventsTable.TABLE;
  public static final String INSERT = TABLE.insertRowBinary();

  private final ZoneId zone;

  public UsageRows(ZoneId zone) {
    this.zone = Objects.requireNonNull(zone, "zone");
  }

  /**
   * Appends the row of {@code p} to {@code out} in RowBinary, in the order of the columns of {@link #TABLE}. A value its
   * column cannot hold throws with the event and column named, and {@code out} is left as it was.
   */
  public void write(PricedUsage p, String topic, int partition, long offset, RowBinaryWriter out)
      throws UnwritableRecordException {
    UsageEvent e = p.getEvent();
    if (e == null) {
      throw new UnwritableRecordException("priced record has no event");
    }
    if (e.getEventId() == null || e.getEventId().isEmpty()) {
      throw new UnwritableRecordException("event id is empty");
    }
    TokenCounts t = e.getTokens();
    CostBreakdown c = p.getCost();
    if (t == null || c == null) {
      throw new UnwritableRecordException("event " + e.getEventId() + " has no token counts or no cost");
    }
    if (e.getEventTime() == null || p.getPricedTime() == null) {
      throw new UnwritableRecordException("event " + e.getEventId() + " has no event time or no pricing time");
    }
    LocalDate day;
    try {
      day = e.getEventTime().atZone(zone).toLocalDate();
    } catch (RuntimeException ex) {
      throw new UnwritableRecordException("event_time " + e.getEventTime() + " has no date in " + zone);
    }
    int mark = out.size();
    try {
      out.string(e.getEventId())
          .string(e.getOrgId())
          .dateTime("event_time", e.getEventTime())
          .int64(e.getEventTime().toEpochMilli())
          .date("event_day", day)
          .date("event_week", day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)))
          .date("event_month", day.withDayOfMonth(1))
          .dateTime("observed_time", e.getObservedTime())
          .string(e.getSource() == null ? null : e.getSource().name())
          .string(e.getSourceVersion())
          .string(e.getProvider())
          .string(e.getModel())
          .string(p.getNormalizedModel())
          .string(e.getUserId())
          .string(e.getUserEmail())
          .string(e.getHost())
          .string(e.getTeam())
          .string(e.getCostCentre())
          .string(e.getProjectId())
          .string(e.getGitRemote())
          .string(e.getRepoRootHash())
          .string(e.getBranch())
          .string(e.getCommit())
          .string(e.getWorktree())
          .string(e.getSessionId())
          .string(e.getParentSessionId())
          .string(e.getAgentName())
          .string(e.getAgentRole())
          .string(e.getWorkflowStep())
          .bool(e.getIsSidechain())
          .string(e.getRequestId())
          .string(e.getMessageId())
          .uint64("input_tokens", t.getInput())
          .uint64("output_tokens", t.getOutput())
          .uint64("cache_write_5m_tokens", t.getCacheWrite5m())
          .uint64("cache_write_1h_tokens", t.getCacheWrite1h())
          .uint64("cache_read_tokens", t.getCacheRead())
          .uint64("reasoning_tokens", t.getReasoning())
          .uint64("tool_tokens", t.getTool())
          .string(e.getServiceTier())
          .string(e.getSpeed())
          .uint32("web_search_requests", e.getWebSearchRequests())
          .uint32("web_fetch_requests", e.getWebFetchRequests());
      writeToolCalls(e.getToolCalls(), out);
      out.string(e.getAccuracy() == null ? null : e.getAccuracy().name())
          .nullableDecimal64("reported_cost_usd", e.getReportedCostUsd(), DecimalType.D18_9)
          .string(e.getAgentVersion())
          .string(e.getNotes())
          .string(p.getPriceVersion())
          .dateTime("price_effective_from", p.getPriceEffectiveFrom())
          .decimal64("input_cost", c.getInput(), DecimalType.D18_9)
          .decimal64("output_cost", c.getOutput(), DecimalType.D18_9)
          .decimal64("cache_write_5m_cost", c.getCacheWrite5m(), DecimalType.D18_9)
          .decimal64("cache_write_1h_cost", c.getCacheWrite1h(), DecimalType.D18_9)
          .decimal64("cache_read_cost", c.getCacheRead(), DecimalType.D18_9)
          .decimal64("cost_total", c.getTotal(), DecimalType.D18_9)
          .decimal64("cache_savings", p.getCacheSavings(), DecimalType.D18_9)
          .bool(p.getLongContextTier())
          .decimal32("multiplier", p.getMultiplier(), DecimalType.D9_4)
          .dateTime("priced_time", p.getPricedTime())
          .uint64("version", p.getPricedTime().toEpochMilli())
          .string(topic)
          .uint32("kafka_partition", partition)
          .uint64("kafka_offset", offset);
    } catch (UnwritableRecordException ex) {
      out.truncate(mark);
      throw new UnwritableRecordException("event " + e.getEventId() + ": " + ex.getMessage());
    } catch (RuntimeException ex) {
      out.truncate(mark);
      throw ex;
    }
  }

  /** The four parallel array columns tool_names, tool_mcp_servers, tool_mcp_tools, tool_counts. */
  private static void writeToolCalls(List<ToolCall> calls, RowBinaryWriter out) throws UnwritableRecordException {
    List<ToolCall> list = calls == null ? List.of() : calls;
    List<String> names = new ArrayList<>(list.size());
    List<String> servers = new ArrayList<>(list.size());
    List<String> tools = new ArrayList<>(list.size());
    List<Integer> counts = new ArrayList<>(list.size());
    for (ToolCall call : list) {
      names.add(call.getName());
      servers.add(call.getMcpServer());
      tools.add(call.getMcpTool());
      counts.add(call.getCount());
    }
    out.strings(names).strings(servers).strings(tools).uint32s("tool_counts", counts);
  }
}
