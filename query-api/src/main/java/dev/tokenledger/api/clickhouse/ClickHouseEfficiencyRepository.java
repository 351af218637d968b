package dev.tokenledger.api.clickhouse;

import dev.tokenledger.api.efficiency.EfficiencyFacts;
import dev.tokenledger.api.efficiency.EfficiencyQuery;
import dev.tokenledger.api.efficiency.EfficiencyRepository;
import dev.tokenledger.api.efficiency.EfficiencySettings;
import dev.tokenledger.api.query.Dimension;
import dev.tokenledger.api.query.QueryId;
import dev.tokenledger.api.query.TokenClass;
import dev.tokenledger.api.query.WarehouseException;
import dev.tokenledger.warehouse.clickhouse.TsvTable;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link EfficiencyRepository} over ClickHouse ({@link EfficiencySql}), through the spend repository's
 * query path: the same client, query id, limits, error mapping and cancellation. The commit queries run
 * only when the organisation has commit rows at all; otherwise {@link EfficiencyFacts#commits()} is empty.
 */
public final class ClickHouseEfficiencyRepository implements EfficiencyRepository {

  private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  /** How far back the last call of a configured MCP server is looked for (at least). */
  static final Duration LAST_CALL_LOOKBACK = Duration.ofDays(365);

  private final ClickHouseSpendRepository warehouse;
  private final EfficiencyTable table;
  private final Clock clock;

  public ClickHouseEfficiencyRepository(ClickHouseSpendRepository warehouse, EfficiencyTable table, Clock clock) {
    this.warehouse = warehouse;
    this.table = table;
    this.clock = clock;
  }

  @Override
  public EfficiencyFacts facts(EfficiencyQuery query, EfficiencySettings settings, QueryId id) {
    TsvTable totals = warehouse.run(EfficiencySql.totals(query, table), id);
    TsvTable agents = warehouse.run(EfficiencySql.shares(query, table, Dimension.AGENT, settings.shareLimit()), id);
    TsvTable steps = warehouse.run(EfficiencySql.shares(query, table, Dimension.WORKFLOW_STEP, settings.shareLimit()), id);
    TsvTable sessions = warehouse.run(EfficiencySql.sessions(query, table, query.baselineStart(settings.outlierBaselineDays())), id);
    TsvTable models = warehouse.run(EfficiencySql.models(query, table, settings.trivialOutputTokens()), id);
    TsvTable known = warehouse.run(EfficiencySql.commitsKnown(query, table), id);
    boolean collected = number(known, known.rows().get(0), "known") > 0;
    TsvTable commits = collected ? warehouse.run(EfficiencySql.commits(query, table), id) : null;
    TsvTable commitCost = collected ? warehouse.run(EfficiencySql.commitSessionsCost(query, table), id) : null;
    // zombie window: the zombie_days before the range's end, or before now when the range reaches past it
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant windowEnd = query.end().isAfter(now) ? now : query.end();
    Instant windowStart = windowEnd.minus(Duration.ofDays(settings.zombieDays()));
    Duration lookback = Duration.ofDays(Math.max(settings.zombieDays(), LAST_CALL_LOOKBACK.toDays()));
    TsvTable configured = warehouse.run(EfficiencySql.configuredMcpServers(query, table, windowStart, windowEnd), id);
    TsvTable calls = configured.rows().isEmpty() ? null
        : warehouse.run(EfficiencySql.lastMcpCalls(query, table, windowEnd.minus(lookback), windowEnd), id);
    try {
      return new EfficiencyFacts(totals(totals), shares(agents), shares(steps), sessions(sessions), models(models),
          collected ? Optional.of(commits(commits, commitCost)) : Optional.empty(), mcpServers(configured, calls), windowStart);
    } catch (RuntimeException e) {
      throw new WarehouseException("the warehouse answered unexpectedly", e);
    }
  }

  private static List<EfficiencyFacts.McpServer> mcpServers(TsvTable configured, TsvTable calls) {
    Map<String, Instant> last = new HashMap<>();
    if (calls != null) {
      for (List<String> r : calls.rows()) {
        last.put(r.get(calls.column("server")), instant(r.get(calls.column("last_call"))));
      }
    }
    List<EfficiencyFacts.McpServer> out = new ArrayList<>();
    for (List<String> r : configured.rows()) {
      String server = r.get(configured.column("server"));
      out.add(new EfficiencyFacts.McpServer(server, number(configured, r, "configured_users"), last.get(server)));
    }
    return out;
  }

  private static EfficiencyFacts.Commits commits(TsvTable t, TsvTable cost) {
    List<String> r = t.rows().get(0);
    return new EfficiencyFacts.Commits(number(t, r, "commits"), number(t, r, "lines_added"), number(t, r, "lines_removed"),
        number(t, r, "sessions"), money(cost, cost.rows().get(0), "cost_usd"));
  }

  private static EfficiencyFacts.Totals totals(TsvTable t) {
    List<String> r = t.rows().get(0);
    return new EfficiencyFacts.Totals(
        number(t, r, "calls"), number(t, r, "sessions"), number(t, r, "active_minutes"),
        number(t, r, TokenClass.INPUT.wireName()), number(t, r, TokenClass.OUTPUT.wireName()),
        number(t, r, TokenClass.CACHE_WRITE_5M.wireName()), number(t, r, TokenClass.CACHE_WRITE_1H.wireName()),
        number(t, r, TokenClass.CACHE_READ.wireName()), money(t, r, "cost_usd"), money(t, r, "cache_savings_usd"));
  }

  private static List<EfficiencyFacts.Share> shares(TsvTable t) {
    List<EfficiencyFacts.Share> out = new ArrayList<>();
    for (List<String> r : t.rows()) {
      out.add(new EfficiencyFacts.Share(r.get(t.column("key")), number(t, r, "calls"), money(t, r, "cost_usd")));
    }
    return out;
  }

  private static List<EfficiencyFacts.SessionCost> sessions(TsvTable t) {
    List<EfficiencyFacts.SessionCost> out = new ArrayList<>();
    for (List<String> r : t.rows()) {
      out.add(new EfficiencyFacts.SessionCost(r.get(t.column("user")), r.get(t.column("session")),
          instant(r.get(t.column("first_request"))), money(t, r, "cost_usd")));
    }
    return out;
  }

  private static List<EfficiencyFacts.ModelUsage> models(TsvTable t) {
    List<EfficiencyFacts.ModelUsage> out = new ArrayList<>();
    for (List<String> r : t.rows()) {
      out.add(new EfficiencyFacts.ModelUsage(r.get(t.column("model")), number(t, r, "calls"), number(t, r, "tokens"),
          money(t, r, "cost_usd"), number(t, r, "long_context_calls"), number(t, r, "trivial_calls"), money(t, r, "trivial_cost_usd")));
    }
    return out;
  }

  private static long number(TsvTable t, List<String> row, String column) {
    return Long.parseLong(row.get(t.column(column)));
  }

  private static BigDecimal money(TsvTable t, List<String> row, String column) {
    return new BigDecimal(row.get(t.column(column)));
  }

  private static Instant instant(String text) {
    return LocalDateTime.parse(text, DATE_TIME).toInstant(ZoneOffset.UTC);
  }
}
