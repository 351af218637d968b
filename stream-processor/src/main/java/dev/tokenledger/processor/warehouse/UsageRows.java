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
 * Maps a {@link PricedUsage} to a {@code usage_events} row (TabSeparated). Calendar columns
 * (event_day, event_week = ISO Monday, event_month) are computed in the organisation's time zone, the
 * same calendar the stream processor uses. Null strings are stored as the empty string.
 */
public final class UsageRows {

  public static final String TABLE = "usage_events";
  public static final List<String> COLUMNS = List.of(
      "event_id", "org_id", "event_time", "event_time_ms", "event_day", "event_week", "event_month", "observed_time",
      "source", "source_version", "provider", "model", "normalized_model", "user_id", "user_email", "host", "team",
      "cost_centre", "project_id", "git_remote", "repo_root_hash", "branch", "git_commit", "worktree", "session_id",
      "parent_session_id", "agent_name", "agent_role", "workflow_step", "is_sidechain", "request_id", "message_id",
      "input_tokens", "output_tokens", "cache_write_5m_tokens", "cache_write_1h_tokens", "cache_read_tokens",
      "reasoning_tokens", "tool_tokens", "service_tier", "speed", "web_search_requests", "web_fetch_requests",
      "tool_names", "tool_mcp_servers", "tool_mcp_tools", "tool_counts", "accuracy", "reported_cost_usd",
      "agent_version", "notes", "price_version", "price_effective_from", "input_cost", "output_cost",
      "cache_write_5m_cost", "cache_write_1h_cost", "cache_read_cost", "cost_total", "cache_savings",
      "long_context_tier", "multiplier", "priced_time", "version", "kafka_topic", "kafka_partition", "kafka_offset");
  public static final String INSERT = "INSERT INTO " + TABLE + " (" + String.join(", ", COLUMNS) + ") FORMAT TabSeparated";

  private final ZoneId zone;

  public UsageRows(ZoneId zone) {
    this.zone = Objects.requireNonNull(zone, "zone");
  }

  public String row(PricedUsage p, String topic, int partition, long offset) throws UnwritableRecordException {
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
    LocalDate day;
    try {
      day = e.getEventTime().atZone(zone).toLocalDate();
    } catch (RuntimeException ex) {
      throw new UnwritableRecordException("event_time " + e.getEventTime() + " has no date in " + zone);
    }
    List<String> names = new ArrayList<>();
    List<String> servers = new ArrayList<>();
    List<String> tools = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    for (ToolCall call : e.getToolCalls()) {
      names.add(call.getName());
      servers.add(call.getMcpServer());
      tools.add(call.getMcpTool());
      counts.add(call.getCount());
    }
    try {
      return new TsvRow(768)
          .str(e.getEventId())
          .str(e.getOrgId())
          .dateTime("event_time", e.getEventTime())
          .int64(e.getEventTime().toEpochMilli())
          .date("event_day", day)
          .date("event_week", day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)))
          .date("event_month", day.withDayOfMonth(1))
          .dateTime("observed_time", e.getObservedTime())
          .str(e.getSource() == null ? null : e.getSource().name())
          .str(e.getSourceVersion())
          .str(e.getProvider())
          .str(e.getModel())
          .str(p.getNormalizedModel())
          .str(e.getUserId())
          .str(e.getUserEmail())
          .str(e.getHost())
          .str(e.getTeam())
          .str(e.getCostCentre())
          .str(e.getProjectId())
          .str(e.getGitRemote())
          .str(e.getRepoRootHash())
          .str(e.getBranch())
          .str(e.getCommit())
          .str(e.getWorktree())
          .str(e.getSessionId())
          .str(e.getParentSessionId())
          .str(e.getAgentName())
          .str(e.getAgentRole())
          .str(e.getWorkflowStep())
          .bool(e.getIsSidechain())
          .str(e.getRequestId())
          .str(e.getMessageId())
          .uint("input_tokens", t.getInput())
          .uint("output_tokens", t.getOutput())
          .uint("cache_write_5m_tokens", t.getCacheWrite5m())
          .uint("cache_write_1h_tokens", t.getCacheWrite1h())
          .uint("cache_read_tokens", t.getCacheRead())
          .uint("reasoning_tokens", t.getReasoning())
          .uint("tool_tokens", t.getTool())
          .str(e.getServiceTier())
          .str(e.getSpeed())
          .uint("web_search_requests", e.getWebSearchRequests())
          .uint("web_fetch_requests", e.getWebFetchRequests())
          .strings(names)
          .strings(servers)
          .strings(tools)
          .uints("tool_counts", counts)
          .str(e.getAccuracy() == null ? null : e.getAccuracy().name())
          .nullableDecimal18("reported_cost_usd", e.getReportedCostUsd())
          .str(e.getAgentVersion())
          .str(e.getNotes())
          .str(p.getPriceVersion())
          .dateTime("price_effective_from", p.getPriceEffectiveFrom())
          .decimal18("input_cost", c.getInput())
          .decimal18("output_cost", c.getOutput())
          .decimal18("cache_write_5m_cost", c.getCacheWrite5m())
          .decimal18("cache_write_1h_cost", c.getCacheWrite1h())
          .decimal18("cache_read_cost", c.getCacheRead())
          .decimal18("cost_total", c.getTotal())
          .decimal18("cache_savings", p.getCacheSavings())
          .bool(p.getLongContextTier())
          .decimal9s4("multiplier", p.getMultiplier())
          .dateTime("priced_time", p.getPricedTime())
          .uint("version", p.getPricedTime().toEpochMilli())
          .str(topic)
          .uint("kafka_partition", partition)
          .uint("kafka_offset", offset)
          .end();
    } catch (UnwritableRecordException ex) {
      throw new UnwritableRecordException("event " + e.getEventId() + ": " + ex.getMessage());
    }
  }
}
