package dev.tokenledger.warehouse;

import dev.tokenledger.warehouse.clickhouse.Column;
import java.util.List;

/**
 * {@code usage_events} (migration V001): one row per priced event, a ReplacingMergeTree by event id read
 * with {@code FINAL}. Calendar columns are the organisation's days, ISO weeks and months; the
 * {@code kafka_*} columns are the sink's insert ledger. Types are spelled as {@code system.columns}
 * reports them ({@code TableColumnsIT} compares them with the migrated table).
 */
public final class UsageEventsTable {

  public static final String NAME = "usage_events";

  public static final Column EVENT_ID = Column.of("event_id", "String");
  public static final Column ORG_ID = Column.of("org_id", "String");
  public static final Column EVENT_TIME = Column.of("event_time", "DateTime('UTC')");
  public static final Column EVENT_TIME_MS = Column.of("event_time_ms", "Int64");
  public static final Column EVENT_DAY = Column.of("event_day", "Date");
  public static final Column EVENT_WEEK = Column.of("event_week", "Date");
  public static final Column EVENT_MONTH = Column.of("event_month", "Date");
  public static final Column OBSERVED_TIME = Column.of("observed_time", "DateTime('UTC')");
  public static final Column SOURCE = Column.of("source", "String");
  public static final Column SOURCE_VERSION = Column.of("source_version", "String");
  public static final Column PROVIDER = Column.of("provider", "String");
  public static final Column MODEL = Column.of("model", "String");
  public static final Column NORMALIZED_MODEL = Column.of("normalized_model", "String");
  public static final Column USER_ID = Column.of("user_id", "String");
  public static final Column USER_EMAIL = Column.of("user_email", "String");
  public static final Column HOST = Column.of("host", "String");
  public static final Column TEAM = Column.of("team", "String");
  public static final Column COST_CENTRE = Column.of("cost_centre", "String");
  public static final Column PROJECT_ID = Column.of("project_id", "String");
  public static final Column GIT_REMOTE = Column.of("git_remote", "String");
  public static final Column REPO_ROOT_HASH = Column.of("repo_root_hash", "String");
  public static final Column BRANCH = Column.of("branch", "String");
  public static final Column GIT_COMMIT = Column.of("git_commit", "String");
  public static final Column WORKTREE = Column.of("worktree", "String");
  public static final Column SESSION_ID = Column.of("session_id", "String");
  public static final Column PARENT_SESSION_ID = Column.of("parent_session_id", "String");
  public static final Column AGENT_NAME = Column.of("agent_name", "String");
  public static final Column AGENT_ROLE = Column.of("agent_role", "String");
  public static final Column WORKFLOW_STEP = Column.of("workflow_step", "String");
  public static final Column IS_SIDECHAIN = Column.of("is_sidechain", "UInt8");
  public static final Column REQUEST_ID = Column.of("request_id", "String");
  public static final Column MESSAGE_ID = Column.of("message_id", "String");
  public static final Column INPUT_TOKENS = Column.of("input_tokens", "UInt64");
  public static final Column OUTPUT_TOKENS = Column.of("output_tokens", "UInt64");
  public static final Column CACHE_WRITE_5M_TOKENS = Column.of("cache_write_5m_tokens", "UInt64");
  public static final Column CACHE_WRITE_1H_TOKENS = Column.of("cache_write_1h_tokens", "UInt64");
  public static final Column CACHE_READ_TOKENS = Column.of("cache_read_tokens", "UInt64");
  public static final Column REASONING_TOKENS = Column.of("reasoning_tokens", "UInt64");
  public static final Column TOOL_TOKENS = Column.of("tool_tokens", "UInt64");
  public static final Column SERVICE_TIER = Column.of("service_tier", "String");
  public static final Column SPEED = Column.of("speed", "String");
  public static final Column WEB_SEARCH_REQUESTS = Column.of("web_search_requests", "UInt32");
  public static final Column WEB_FETCH_REQUESTS = Column.of("web_fetch_requests", "UInt32");
  public static final Column TOOL_NAMES = Column.of("tool_names", "Array(String)");
  public static final Column TOOL_MCP_SERVERS = Column.of("tool_mcp_servers", "Array(String)");
  public static final Column TOOL_MCP_TOOLS = Column.of("tool_mcp_tools", "Array(String)");
  public static final Column TOOL_COUNTS = Column.of("tool_counts", "Array(UInt32)");
  public static final Column ACCURACY = Column.of("accuracy", "String");
  public static final Column REPORTED_COST_USD = Column.of("reported_cost_usd", "Nullable(Decimal(18, 9))");
  public static final Column AGENT_VERSION = Column.of("agent_version", "String");
  public static final Column NOTES = Column.of("notes", "String");
  public static final Column PRICE_VERSION = Column.of("price_version", "String");
  public static final Column PRICE_EFFECTIVE_FROM = Column.of("price_effective_from", "DateTime('UTC')");
  public static final Column INPUT_COST = Column.of("input_cost", "Decimal(18, 9)");
  public static final Column OUTPUT_COST = Column.of("output_cost", "Decimal(18, 9)");
  public static final Column CACHE_WRITE_5M_COST = Column.of("cache_write_5m_cost", "Decimal(18, 9)");
  public static final Column CACHE_WRITE_1H_COST = Column.of("cache_write_1h_cost", "Decimal(18, 9)");
  public static final Column CACHE_READ_COST = Column.of("cache_read_cost", "Decimal(18, 9)");
  public static final Column COST_TOTAL = Column.of("cost_total", "Decimal(18, 9)");
  public static final Column CACHE_SAVINGS = Column.of("cache_savings", "Decimal(18, 9)");
  public static final Column LONG_CONTEXT_TIER = Column.of("long_context_tier", "UInt8");
  public static final Column MULTIPLIER = Column.of("multiplier", "Decimal(9, 4)");
  public static final Column PRICED_TIME = Column.of("priced_time", "DateTime('UTC')");
  public static final Column VERSION = Column.of("version", "UInt64");
  public static final Column KAFKA_TOPIC = Column.of("kafka_topic", "String");
  public static final Column KAFKA_PARTITION = Column.of("kafka_partition", "UInt32");
  public static final Column KAFKA_OFFSET = Column.of("kafka_offset", "UInt64");
  // V008 (ADR 0145): where the counts come from, and revisions with what they replace
  public static final Column COUNTS_ORIGIN = Column.of("counts_origin", "String");
  public static final Column REVISION = Column.of("revision", "UInt32");
  public static final Column REPLACED_INPUT_TOKENS = Column.of("replaced_input_tokens", "UInt64");
  public static final Column REPLACED_OUTPUT_TOKENS = Column.of("replaced_output_tokens", "UInt64");
  public static final Column REPLACED_CACHE_WRITE_5M_TOKENS = Column.of("replaced_cache_write_5m_tokens", "UInt64");
  public static final Column REPLACED_CACHE_WRITE_1H_TOKENS = Column.of("replaced_cache_write_1h_tokens", "UInt64");
  public static final Column REPLACED_CACHE_READ_TOKENS = Column.of("replaced_cache_read_tokens", "UInt64");
  public static final Column REPLACED_REASONING_TOKENS = Column.of("replaced_reasoning_tokens", "UInt64");
  public static final Column REPLACED_INPUT_COST = Column.of("replaced_input_cost", "Decimal(18, 9)");
  public static final Column REPLACED_OUTPUT_COST = Column.of("replaced_output_cost", "Decimal(18, 9)");
  public static final Column REPLACED_CACHE_WRITE_5M_COST = Column.of("replaced_cache_write_5m_cost", "Decimal(18, 9)");
  public static final Column REPLACED_CACHE_WRITE_1H_COST = Column.of("replaced_cache_write_1h_cost", "Decimal(18, 9)");
  public static final Column REPLACED_CACHE_READ_COST = Column.of("replaced_cache_read_cost", "Decimal(18, 9)");
  public static final Column REPLACED_COST_TOTAL = Column.of("replaced_cost_total", "Decimal(18, 9)");
  public static final Column REPLACED_CACHE_SAVINGS = Column.of("replaced_cache_savings", "Decimal(18, 9)");
  public static final Column REPLACED_ACCURACY = Column.of("replaced_accuracy", "String");

  /**
   * Every column the sink writes, in its insert order ({@code inserted_time}, filled by the server, is
   * not written).
   */
  public static final Table TABLE = new Table(NAME, List.of(
      EVENT_ID, ORG_ID, EVENT_TIME, EVENT_TIME_MS, EVENT_DAY, EVENT_WEEK, EVENT_MONTH, OBSERVED_TIME, SOURCE,
      SOURCE_VERSION, PROVIDER, MODEL, NORMALIZED_MODEL, USER_ID, USER_EMAIL, HOST, TEAM, COST_CENTRE, PROJECT_ID,
      GIT_REMOTE, REPO_ROOT_HASH, BRANCH, GIT_COMMIT, WORKTREE, SESSION_ID, PARENT_SESSION_ID, AGENT_NAME,
      AGENT_ROLE, WORKFLOW_STEP, IS_SIDECHAIN, REQUEST_ID, MESSAGE_ID, INPUT_TOKENS, OUTPUT_TOKENS,
      CACHE_WRITE_5M_TOKENS, CACHE_WRITE_1H_TOKENS, CACHE_READ_TOKENS, REASONING_TOKENS, TOOL_TOKENS, SERVICE_TIER,
      SPEED, WEB_SEARCH_REQUESTS, WEB_FETCH_REQUESTS, TOOL_NAMES, TOOL_MCP_SERVERS, TOOL_MCP_TOOLS, TOOL_COUNTS,
      ACCURACY, REPORTED_COST_USD, AGENT_VERSION, NOTES, PRICE_VERSION, PRICE_EFFECTIVE_FROM, INPUT_COST,
      OUTPUT_COST, CACHE_WRITE_5M_COST, CACHE_WRITE_1H_COST, CACHE_READ_COST, COST_TOTAL, CACHE_SAVINGS,
      LONG_CONTEXT_TIER, MULTIPLIER, PRICED_TIME, VERSION, KAFKA_TOPIC, KAFKA_PARTITION, KAFKA_OFFSET, COUNTS_ORIGIN,
      REVISION, REPLACED_INPUT_TOKENS, REPLACED_OUTPUT_TOKENS, REPLACED_CACHE_WRITE_5M_TOKENS, REPLACED_CACHE_WRITE_1H_TOKENS,
      REPLACED_CACHE_READ_TOKENS, REPLACED_REASONING_TOKENS, REPLACED_INPUT_COST, REPLACED_OUTPUT_COST,
      REPLACED_CACHE_WRITE_5M_COST, REPLACED_CACHE_WRITE_1H_COST, REPLACED_CACHE_READ_COST, REPLACED_COST_TOTAL,
      REPLACED_CACHE_SAVINGS, REPLACED_ACCURACY));

  private UsageEventsTable() {}
}
