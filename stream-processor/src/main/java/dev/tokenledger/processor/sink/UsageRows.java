package dev.tokenledger.processor.warehouse;

import dev.tokenledger.events.CostBreakdown;
import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.events.TokenCounts;
import dev.tokenledger.events.ToolCall;
import dev.tokenledger.events.UsageEvent;
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

  public static final String TABLE = "usage_events";
  /** The columns written, in the order {@link #write} writes them, with their types in the table. */
  public static final List<Column> COLUMNS = List.of(
      Column.of("event_id", "String"), Column.of("org_id", "String"), Column.of("event_time", "DateTime('UTC')"),
      Column.of("event_time_ms", "Int64"), Column.of("event_day", "Date"), Column.of("event_week", "Date"),
      Column.of("event_month", "Date"), Column.of("observed_time", "DateTime('UTC')"), Column.of("source", "String"),
      Column.of("source_version", "String"), Column.of("provider", "String"), Column.of("model", "String"),
      Column.of("normalized_model", "String"), Column.of("user_id", "String"), Column.of("user_email", "String"),
      Column.of("host", "String"), Column.of("team", "String"), Column.of("cost_centre", "String"),
      Column.of("project_id", "String"), Column.of("git_remote", "String"), Column.of("repo_root_hash", "String"),
      Column.of("branch", "String"), Column.of("git_commit", "String"), Column.of("worktree", "String"),
      Column.of("session_id", "String"), Column.of("parent_session_id", "String"), Column.of("agent_name", "String"),
      Column.of("agent_role", "String"), Column.of("workflow_step", "String"), Column.of("is_sidechain", "UInt8"),
      Column.of("request_id", "String"), Column.of("message_id", "String"), Column.of("input_tokens", "UInt64"),
      Column.of("output_tokens", "UInt64"), Column.of("cache_write_5m_tokens", "UInt64"), Column.of("cache_write_1h_tokens", "UInt64"),
      Column.of("cache_read_tokens", "UInt64"), Column.of("reasoning_tokens", "UInt64"), Column.of("tool_tokens", "UInt64"),
      Column.of("service_tier", "String"), Column.of("speed", "String"), Column.of("web_search_requests", "UInt32"),
      Column.of("web_fetch_requests", "UInt32"), Column.of("tool_names", "Array(String)"), Column.of("tool_mcp_servers", "Array(String)"),
      Column.of("tool_mcp_tools", "Array(String)"), Column.of("tool_counts", "Array(UInt32)"), Column.of("accuracy", "String"),
      Column.of("reported_cost_usd", "Nullable(Decimal(18, 9))"), Column.of("agent_version", "String"), Column.of("notes", "String"),
      Column.of("price_version", "String"), Column.of("price_effective_from", "DateTime('UTC')"), Column.of("input_cost", "Decimal(18, 9)"),
      Column.of("output_cost", "Decimal(18, 9)"), Column.of("cache_write_5m_cost", "Decimal(18, 9)"), Column.of("cache_write_1h_cost", "Decimal(18, 9)"),
      Column.of("cache_read_cost", "Decimal(18, 9)"), Column.of("cost_total", "Decimal(18, 9)"), Column.of("cache_savings", "Decimal(18, 9)"),
      Column.of("long_context_tier", "UInt8"), Column.of("multiplier", "Decimal(9, 4)"), Column.of("priced_time", "DateTime('UTC')"),
      Column.of("version", "UInt64"), Column.of("kafka_topic", "String"), Column.of("kafka_partition", "UInt32"),
      Column.of("kafka_offset", "UInt64"));
  public static final String INSERT = Column.insertRowBinary(TABLE, COLUMNS);

  private final ZoneId zone;

  public UsageRows(ZoneId zone) {
    this.zone = Objects.requireNonNull(zone, "zone");
  }

  /**
   * Appends the row of {@code p} to {@code out} in RowBinary, in the order of {@link #COLUMNS}. A value its
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
