package dev.tokenledger.api.clickhouse;

import dev.tokenledger.api.query.Dimension;
import dev.tokenledger.api.query.SpendTable;
import dev.tokenledger.api.query.TokenClass;
import java.util.Map;

/** The warehouse's priced-events table (created by the sink's migrations) as a {@link SpendTable}. */
public final class PricedEventsTable {

  private PricedEventsTable() {}

  public static SpendTable in(String database) {
    return new SpendTable(
        database,
        "usage_events",
        "event_time",
        "event_day",
        "event_week",
        "event_month",
        "cost_total",
        Map.ofEntries(
            Map.entry(Dimension.ORG, "org_id"),
            Map.entry(Dimension.TEAM, "team"),
            Map.entry(Dimension.COST_CENTRE, "cost_centre"),
            Map.entry(Dimension.USER, "user_id"),
            Map.entry(Dimension.PROJECT, "project_id"),
            Map.entry(Dimension.BRANCH, "branch"),
            Map.entry(Dimension.MODEL, "normalized_model"),
            Map.entry(Dimension.PROVIDER, "provider"),
            Map.entry(Dimension.SOURCE, "source"),
            Map.entry(Dimension.SESSION, "session_id"),
            Map.entry(Dimension.AGENT, "agent_name"),
            Map.entry(Dimension.HOST, "host")),
        Map.of(
            TokenClass.INPUT, "input_tokens",
            TokenClass.OUTPUT, "output_tokens",
            TokenClass.CACHE_WRITE_5M, "cache_write_5m_tokens",
            TokenClass.CACHE_WRITE_1H, "cache_write_1h_tokens",
            TokenClass.CACHE_READ, "cache_read_tokens",
            TokenClass.REASONING, "reasoning_tokens"));
  }
}
