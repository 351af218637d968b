package dev.tokenledger.api.clickhouse;

import static dev.tokenledger.warehouse.UsageEventsTable.ACCURACY;
import static dev.tokenledger.warehouse.UsageEventsTable.AGENT_NAME;
import static dev.tokenledger.warehouse.UsageEventsTable.AGENT_ROLE;
import static dev.tokenledger.warehouse.UsageEventsTable.BRANCH;
import static dev.tokenledger.warehouse.UsageEventsTable.CACHE_READ_TOKENS;
import static dev.tokenledger.warehouse.UsageEventsTable.CACHE_SAVINGS;
import static dev.tokenledger.warehouse.UsageEventsTable.CACHE_WRITE_1H_TOKENS;
import static dev.tokenledger.warehouse.UsageEventsTable.CACHE_WRITE_5M_TOKENS;
import static dev.tokenledger.warehouse.UsageEventsTable.COST_CENTRE;
import static dev.tokenledger.warehouse.UsageEventsTable.COST_TOTAL;
import static dev.tokenledger.warehouse.UsageEventsTable.EVENT_DAY;
import static dev.tokenledger.warehouse.UsageEventsTable.EVENT_ID;
import static dev.tokenledger.warehouse.UsageEventsTable.EVENT_MONTH;
import static dev.tokenledger.warehouse.UsageEventsTable.EVENT_TIME;
import static dev.tokenledger.warehouse.UsageEventsTable.EVENT_WEEK;
import static dev.tokenledger.warehouse.UsageEventsTable.HOST;
import static dev.tokenledger.warehouse.UsageEventsTable.INPUT_TOKENS;
import static dev.tokenledger.warehouse.UsageEventsTable.IS_SIDECHAIN;
import static dev.tokenledger.warehouse.UsageEventsTable.NORMALIZED_MODEL;
import static dev.tokenledger.warehouse.UsageEventsTable.ORG_ID;
import static dev.tokenledger.warehouse.UsageEventsTable.OUTPUT_TOKENS;
import static dev.tokenledger.warehouse.UsageEventsTable.PARENT_SESSION_ID;
import static dev.tokenledger.warehouse.UsageEventsTable.PROJECT_ID;
import static dev.tokenledger.warehouse.UsageEventsTable.PROVIDER;
import static dev.tokenledger.warehouse.UsageEventsTable.REASONING_TOKENS;
import static dev.tokenledger.warehouse.UsageEventsTable.SESSION_ID;
import static dev.tokenledger.warehouse.UsageEventsTable.SOURCE;
import static dev.tokenledger.warehouse.UsageEventsTable.TEAM;
import static dev.tokenledger.warehouse.UsageEventsTable.TOOL_MCP_SERVERS;
import static dev.tokenledger.warehouse.UsageEventsTable.TOOL_NAMES;
import static dev.tokenledger.warehouse.UsageEventsTable.USER_ID;
import static dev.tokenledger.warehouse.UsageEventsTable.WORKFLOW_STEP;

import dev.tokenledger.api.query.Dimension;
import dev.tokenledger.api.query.TokenClass;
import dev.tokenledger.warehouse.UsageEventsTable;
import java.util.Map;

/** The warehouse's priced-events table, {@code usage_events} of the warehouse catalogue, as a {@link SpendTable}. */
public final class PricedEventsTable {

  private PricedEventsTable() {}

  public static SpendTable in(String database) {
    return new SpendTable(
        database,
        UsageEventsTable.NAME,
        EVENT_TIME.name(),
        EVENT_DAY.name(),
        EVENT_WEEK.name(),
        EVENT_MONTH.name(),
        COST_TOTAL.name(),
        CACHE_SAVINGS.name(),
        EVENT_ID.name(),
        PARENT_SESSION_ID.name(),
        IS_SIDECHAIN.name(),
        Map.ofEntries(
            Map.entry(Dimension.ORG, ORG_ID.name()),
            Map.entry(Dimension.TEAM, TEAM.name()),
            Map.entry(Dimension.COST_CENTRE, COST_CENTRE.name()),
            Map.entry(Dimension.USER, USER_ID.name()),
            Map.entry(Dimension.PROJECT, PROJECT_ID.name()),
            Map.entry(Dimension.BRANCH, BRANCH.name()),
            Map.entry(Dimension.MODEL, NORMALIZED_MODEL.name()),
            Map.entry(Dimension.PROVIDER, PROVIDER.name()),
            Map.entry(Dimension.SOURCE, SOURCE.name()),
            Map.entry(Dimension.SESSION, SESSION_ID.name()),
            Map.entry(Dimension.AGENT, AGENT_NAME.name()),
            Map.entry(Dimension.AGENT_ROLE, AGENT_ROLE.name()),
            Map.entry(Dimension.WORKFLOW_STEP, WORKFLOW_STEP.name()),
            Map.entry(Dimension.TOOL, TOOL_NAMES.name()),
            Map.entry(Dimension.MCP_SERVER, TOOL_MCP_SERVERS.name()),
            Map.entry(Dimension.ACCURACY, ACCURACY.name()),
            Map.entry(Dimension.HOST, HOST.name())),
        Map.of(
            TokenClass.INPUT, INPUT_TOKENS.name(),
            TokenClass.OUTPUT, OUTPUT_TOKENS.name(),
            TokenClass.CACHE_WRITE_5M, CACHE_WRITE_5M_TOKENS.name(),
            TokenClass.CACHE_WRITE_1H, CACHE_WRITE_1H_TOKENS.name(),
            TokenClass.CACHE_READ, CACHE_READ_TOKENS.name(),
            TokenClass.REASONING, REASONING_TOKENS.name()));
  }
}
