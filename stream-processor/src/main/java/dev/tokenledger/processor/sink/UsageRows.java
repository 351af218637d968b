package dev.tokenledger.processor.sink;

import static dev.tokenledger.warehouse.UsageEventsTable.CACHE_READ_COST;
import static dev.tokenledger.warehouse.UsageEventsTable.CACHE_READ_TOKENS;
import static dev.tokenledger.warehouse.UsageEventsTable.CACHE_SAVINGS;
import static dev.tokenledger.warehouse.UsageEventsTable.CACHE_WRITE_1H_COST;
import static dev.tokenledger.warehouse.UsageEventsTable.CACHE_WRITE_1H_TOKENS;
import static dev.tokenledger.warehouse.UsageEventsTable.CACHE_WRITE_5M_COST;
import static dev.tokenledger.warehouse.UsageEventsTable.CACHE_WRITE_5M_TOKENS;
import static dev.tokenledger.warehouse.UsageEventsTable.COST_TOTAL;
import static dev.tokenledger.warehouse.UsageEventsTable.EVENT_DAY;
import static dev.tokenledger.warehouse.UsageEventsTable.EVENT_MONTH;
import static dev.tokenledger.warehouse.UsageEventsTable.EVENT_TIME;
import static dev.tokenledger.warehouse.UsageEventsTable.EVENT_WEEK;
import static dev.tokenledger.warehouse.UsageEventsTable.INPUT_COST;
import static dev.tokenledger.warehouse.UsageEventsTable.INPUT_TOKENS;
import static dev.tokenledger.warehouse.UsageEventsTable.KAFKA_OFFSET;
import static dev.tokenledger.warehouse.UsageEventsTable.KAFKA_PARTITION;
import static dev.tokenledger.warehouse.UsageEventsTable.MULTIPLIER;
import static dev.tokenledger.warehouse.UsageEventsTable.OBSERVED_TIME;
import static dev.tokenledger.warehouse.UsageEventsTable.OUTPUT_COST;
import static dev.tokenledger.warehouse.UsageEventsTable.OUTPUT_TOKENS;
import static dev.tokenledger.warehouse.UsageEventsTable.PRICED_TIME;
import static dev.tokenledger.warehouse.UsageEventsTable.PRICE_EFFECTIVE_FROM;
import static dev.tokenledger.warehouse.UsageEventsTable.REASONING_TOKENS;
import static dev.tokenledger.warehouse.UsageEventsTable.REPLACED_CACHE_READ_COST;
import static dev.tokenledger.warehouse.UsageEventsTable.REPLACED_CACHE_READ_TOKENS;
import static dev.tokenledger.warehouse.UsageEventsTable.REPLACED_CACHE_SAVINGS;
import static dev.tokenledger.warehouse.UsageEventsTable.REPLACED_CACHE_WRITE_1H_COST;
import static dev.tokenledger.warehouse.UsageEventsTable.REPLACED_CACHE_WRITE_1H_TOKENS;
import static dev.tokenledger.warehouse.UsageEventsTable.REPLACED_CACHE_WRITE_5M_COST;
import static dev.tokenledger.warehouse.UsageEventsTable.REPLACED_CACHE_WRITE_5M_TOKENS;
import static dev.tokenledger.warehouse.UsageEventsTable.REPLACED_COST_TOTAL;
import static dev.tokenledger.warehouse.UsageEventsTable.REPLACED_INPUT_COST;
import static dev.tokenledger.warehouse.UsageEventsTable.REPLACED_INPUT_TOKENS;
import static dev.tokenledger.warehouse.UsageEventsTable.REPLACED_OUTPUT_COST;
import static dev.tokenledger.warehouse.UsageEventsTable.REPLACED_OUTPUT_TOKENS;
import static dev.tokenledger.warehouse.UsageEventsTable.REPLACED_REASONING_TOKENS;
import static dev.tokenledger.warehouse.UsageEventsTable.REVISION;
import static dev.tokenledger.warehouse.UsageEventsTable.REPORTED_COST_USD;
import static dev.tokenledger.warehouse.UsageEventsTable.TOOL_COUNTS;
import static dev.tokenledger.warehouse.UsageEventsTable.TOOL_TOKENS;
import static dev.tokenledger.warehouse.UsageEventsTable.VERSION;
import static dev.tokenledger.warehouse.UsageEventsTable.WEB_FETCH_REQUESTS;
import static dev.tokenledger.warehouse.UsageEventsTable.WEB_SEARCH_REQUESTS;

import dev.tokenledger.events.CostBreakdown;
import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.events.TokenCounts;
import dev.tokenledger.events.ToolCall;
import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.warehouse.Table;
import dev.tokenledger.warehouse.UsageEventsTable;
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
   * The id the sink de-duplicates a priced record by (in a batch and through the insert ledger): the
   * event id, and for the n-th revision of an event (ADR 0145) {@code <event id>#r<n>} — a revision is a
   * second row of the same event on purpose, never a duplicate of its first version. The insert ledger
   * reads the same expression back ({@link #ROW_ID_SQL}).
   */
  public static String rowId(String eventId, int revision) {
    return revision <= 0 ? eventId : eventId + "#r" + revision;
  }

  /** {@link #rowId} as a ClickHouse expression over the table's columns. */
  public static final String ROW_ID_SQL = "if(" + UsageEventsTable.REVISION.name() + " = 0, " + UsageEventsTable.EVENT_ID.name()
      + ", concat(" + UsageEventsTable.EVENT_ID.name() + ", '#r', toString(" + UsageEventsTable.REVISION.name() + ")))";

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
          .dateTime(EVENT_TIME, e.getEventTime())
          .int64(e.getEventTime().toEpochMilli())
          .date(EVENT_DAY, day)
          .date(EVENT_WEEK, day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)))
          .date(EVENT_MONTH, day.withDayOfMonth(1))
          .dateTime(OBSERVED_TIME, e.getObservedTime())
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
          .uint64(INPUT_TOKENS, t.getInput())
          .uint64(OUTPUT_TOKENS, t.getOutput())
          .uint64(CACHE_WRITE_5M_TOKENS, t.getCacheWrite5m())
          .uint64(CACHE_WRITE_1H_TOKENS, t.getCacheWrite1h())
          .uint64(CACHE_READ_TOKENS, t.getCacheRead())
          .uint64(REASONING_TOKENS, t.getReasoning())
          .uint64(TOOL_TOKENS, t.getTool())
          .string(e.getServiceTier())
          .string(e.getSpeed())
          .uint32(WEB_SEARCH_REQUESTS, e.getWebSearchRequests())
          .uint32(WEB_FETCH_REQUESTS, e.getWebFetchRequests());
      writeToolCalls(e.getToolCalls(), out);
      out.string(e.getAccuracy() == null ? null : e.getAccuracy().name())
          .nullableDecimal64(REPORTED_COST_USD, e.getReportedCostUsd())
          .string(e.getAgentVersion())
          .string(e.getNotes())
          .string(p.getPriceVersion())
          .dateTime(PRICE_EFFECTIVE_FROM, p.getPriceEffectiveFrom())
          .decimal64(INPUT_COST, c.getInput())
          .decimal64(OUTPUT_COST, c.getOutput())
          .decimal64(CACHE_WRITE_5M_COST, c.getCacheWrite5m())
          .decimal64(CACHE_WRITE_1H_COST, c.getCacheWrite1h())
          .decimal64(CACHE_READ_COST, c.getCacheRead())
          .decimal64(COST_TOTAL, c.getTotal())
          .decimal64(CACHE_SAVINGS, p.getCacheSavings())
          .bool(p.getLongContextTier())
          .decimal32(MULTIPLIER, p.getMultiplier())
          .dateTime(PRICED_TIME, p.getPricedTime())
          .uint64(VERSION, p.getPricedTime().toEpochMilli())
          .string(topic)
          .uint32(KAFKA_PARTITION, partition)
          .uint64(KAFKA_OFFSET, offset)
          .string(e.getCountsOrigin() == null ? null : e.getCountsOrigin().name())
          .uint32(REVISION, p.getRevision())
          .uint64(REPLACED_INPUT_TOKENS, p.getReplacedInputTokens())
          .uint64(REPLACED_OUTPUT_TOKENS, p.getReplacedOutputTokens())
          .uint64(REPLACED_CACHE_WRITE_5M_TOKENS, p.getReplacedCacheWrite5mTokens())
          .uint64(REPLACED_CACHE_WRITE_1H_TOKENS, p.getReplacedCacheWrite1hTokens())
          .uint64(REPLACED_CACHE_READ_TOKENS, p.getReplacedCacheReadTokens())
          .uint64(REPLACED_REASONING_TOKENS, p.getReplacedReasoningTokens())
          .decimal64(REPLACED_INPUT_COST, p.getReplacedInputCost())
          .decimal64(REPLACED_OUTPUT_COST, p.getReplacedOutputCost())
          .decimal64(REPLACED_CACHE_WRITE_5M_COST, p.getReplacedCacheWrite5mCost())
          .decimal64(REPLACED_CACHE_WRITE_1H_COST, p.getReplacedCacheWrite1hCost())
          .decimal64(REPLACED_CACHE_READ_COST, p.getReplacedCacheReadCost())
          .decimal64(REPLACED_COST_TOTAL, p.getReplacedCostTotal())
          .decimal64(REPLACED_CACHE_SAVINGS, p.getReplacedCacheSavings())
          .string(p.getReplacedAccuracy());
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
    out.strings(names).strings(servers).strings(tools).uint32s(TOOL_COUNTS, counts);
  }
}
