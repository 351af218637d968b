package dev.tokenledger.api.clickhouse;

import dev.tokenledger.api.efficiency.EfficiencyQuery;
import dev.tokenledger.api.query.Dimension;
import dev.tokenledger.api.query.TokenClass;
import dev.tokenledger.warehouse.clickhouse.SqlLiteral;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The ClickHouse SQL of an efficiency question, over the deduplicated events ({@code FINAL}) of the
 * question's instant range and filters (the same filter rendering as spend questions). Only sums and
 * counts: every ratio, median and smell is computed in Java ({@code EfficiencyCalculator}). Portable
 * SQL (ClickHouse 18.16 and 26.x); decimals are never sort keys.
 */
public final class EfficiencySql {

  private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private EfficiencySql() {}

  /**
   * One row: {@code calls, sessions} (distinct non-empty session ids), {@code active_minutes} (distinct
   * user and minute of event time), one column per token class, {@code cost_usd, cache_savings_usd}.
   */
  public static String totals(EfficiencyQuery query, EfficiencyTable t) {
    SpendTable e = t.events();
    String session = e.column(Dimension.SESSION);
    List<String> select = new ArrayList<>();
    select.add("count() AS calls");
    select.add("uniqExactIf(" + session + ", " + session + " != '') AS sessions");
    select.add("uniqExact(" + e.column(Dimension.USER) + ", toStartOfMinute(" + e.timeColumn() + ")) AS active_minutes");
    for (TokenClass c : TokenClass.values()) {
      select.add("sum(" + e.tokenColumn(c) + ") AS " + c.wireName());
    }
    select.add("sum(" + e.costColumn() + ") AS cost_usd");
    select.add("sum(" + e.savingsColumn() + ") AS cache_savings_usd");
    return "SELECT " + String.join(", ", select) + from(e) + " WHERE " + where(query, e, query.start()) + " FORMAT TabSeparatedWithNames";
  }

  /** {@code key, calls, cost_usd} per value of {@code dimension} (single-valued), largest cost first, at most {@code limit} rows. */
  public static String shares(EfficiencyQuery query, EfficiencyTable t, Dimension dimension, int limit) {
    if (dimension.multiValued()) {
      throw new IllegalArgumentException("shares of a multi-valued dimension overlap: " + dimension.wireName());
    }
    SpendTable e = t.events();
    return "SELECT " + e.column(dimension) + " AS key, count() AS calls, sum(" + e.costColumn() + ") AS cost_usd" + from(e)
        + " WHERE " + where(query, e, query.start())
        + " GROUP BY key ORDER BY toFloat64(cost_usd) DESC, key LIMIT " + limit + " FORMAT TabSeparatedWithNames";
  }

  /**
   * {@code user, session, first_request, cost_usd} per (user, non-empty session) with events from
   * {@code baselineStart} to the question's end.
   */
  public static String sessions(EfficiencyQuery query, EfficiencyTable t, Instant baselineStart) {
    SpendTable e = t.events();
    String session = e.column(Dimension.SESSION);
    return "SELECT " + e.column(Dimension.USER) + " AS user, " + session + " AS session, min(" + e.timeColumn() + ") AS first_request, sum("
        + e.costColumn() + ") AS cost_usd" + from(e)
        + " WHERE " + session + " != '' AND " + where(query, e, baselineStart)
        + " GROUP BY user, session ORDER BY user, session FORMAT TabSeparatedWithNames";
  }

  /**
   * Per normalised model: {@code model, calls, tokens} (every class but reasoning, which output holds),
   * {@code cost_usd, long_context_calls}, and the {@code trivial_calls} and their {@code trivial_cost_usd}
   * (at most {@code trivialOutputTokens} output tokens and no tool).
   */
  public static String models(EfficiencyQuery query, EfficiencyTable t, long trivialOutputTokens) {
    SpendTable e = t.events();
    List<String> tokens = new ArrayList<>();
    for (TokenClass c : TokenClass.values()) {
      if (c != TokenClass.REASONING) {
        tokens.add(e.tokenColumn(c));
      }
    }
    String trivial = e.tokenColumn(TokenClass.OUTPUT) + " <= " + trivialOutputTokens + " AND empty(" + e.column(Dimension.TOOL) + ")";
    return "SELECT " + e.column(Dimension.MODEL) + " AS model, count() AS calls, sum(" + String.join(" + ", tokens) + ") AS tokens, sum("
        + e.costColumn() + ") AS cost_usd, countIf(" + t.longContextColumn() + " = 1) AS long_context_calls, countIf(" + trivial
        + ") AS trivial_calls, sumIf(" + e.costColumn() + ", " + trivial + ") AS trivial_cost_usd" + from(e)
        + " WHERE " + where(query, e, query.start())
        + " GROUP BY model ORDER BY model FORMAT TabSeparatedWithNames";
  }

  /** {@code known}: the organisation's commit rows of any time (0: no agent of it publishes commits). */
  public static String commitsKnown(EfficiencyQuery query, EfficiencyTable t) {
    return "SELECT count() AS known FROM " + t.commitsTable() + " WHERE " + commitOrgs(query) + " FORMAT TabSeparatedWithNames";
  }

  /**
   * One row: {@code commits, lines_added, lines_removed} of the commits made within the range during the
   * question's sessions (those with events in its scope and range), and {@code sessions}: how many of
   * those sessions saw one.
   */
  public static String commits(EfficiencyQuery query, EfficiencyTable t) {
    SpendTable e = t.events();
    String session = e.column(Dimension.SESSION);
    return "SELECT count() AS commits, sum(" + EfficiencyTable.LINES_ADDED + ") AS lines_added, sum(" + EfficiencyTable.LINES_REMOVED
        + ") AS lines_removed, uniqExact(" + EfficiencyTable.COMMIT_SESSION + ") AS sessions FROM " + t.commitsTable() + " FINAL"
        + " WHERE " + commitWhere(query)
        + " AND " + EfficiencyTable.COMMIT_SESSION + " IN (SELECT " + session + from(e) + " WHERE " + session + " != '' AND "
        + where(query, e, query.start()) + ")"
        + " FORMAT TabSeparatedWithNames";
  }

  /** One row: {@code cost_usd} of the question's events whose session saw a commit made within the range. */
  public static String commitSessionsCost(EfficiencyQuery query, EfficiencyTable t) {
    SpendTable e = t.events();
    String session = e.column(Dimension.SESSION);
    return "SELECT sum(" + e.costColumn() + ") AS cost_usd" + from(e)
        + " WHERE " + session + " != '' AND " + where(query, e, query.start())
        + " AND " + session + " IN (SELECT " + EfficiencyTable.COMMIT_SESSION + " FROM " + t.commitsTable() + " FINAL WHERE "
        + commitWhere(query) + ")"
        + " FORMAT TabSeparatedWithNames";
  }

  /**
   * {@code server, configured_users}: the MCP servers named in inventories reported within
   * [{@code windowStart}, {@code windowEnd}) by users in the question's organisation, user and team
   * filters (the only dimensions an inventory has).
   */
  public static String configuredMcpServers(EfficiencyQuery query, EfficiencyTable t, Instant windowStart, Instant windowEnd) {
    List<String> where = new ArrayList<>();
    inventoryFilter(query, Dimension.ORG, EfficiencyTable.INVENTORY_ORG, where);
    inventoryFilter(query, Dimension.USER, EfficiencyTable.INVENTORY_USER, where);
    inventoryFilter(query, Dimension.TEAM, EfficiencyTable.INVENTORY_TEAM, where);
    where.add(EfficiencyTable.INVENTORY_SERVER + " != ''");
    where.add(EfficiencyTable.INVENTORY_TIME + " >= " + time(windowStart));
    where.add(EfficiencyTable.INVENTORY_TIME + " < " + time(windowEnd));
    return "SELECT " + EfficiencyTable.INVENTORY_SERVER + " AS server, uniqExact(" + EfficiencyTable.INVENTORY_USER + ") AS configured_users"
        + " FROM " + t.inventoryTable() + " WHERE " + String.join(" AND ", where)
        + " GROUP BY server ORDER BY server FORMAT TabSeparatedWithNames";
  }

  /**
   * {@code server, last_call}: per MCP server, the last request in [{@code from}, {@code windowEnd})
   * calling one of its tools, by users in the question's organisation, user and team filters.
   */
  public static String lastMcpCalls(EfficiencyQuery query, EfficiencyTable t, Instant from, Instant windowEnd) {
    SpendTable e = t.events();
    java.util.Map<Dimension, Set<String>> filters = new java.util.EnumMap<>(Dimension.class);
    for (Dimension d : List.of(Dimension.ORG, Dimension.USER, Dimension.TEAM)) {
      if (query.filters().containsKey(d)) {
        filters.put(d, query.filters().get(d));
      }
    }
    List<String> where = new ArrayList<>();
    where.add(e.timeColumn() + " >= " + time(from));
    where.add(e.timeColumn() + " < " + time(windowEnd));
    where.addAll(SpendSql.conditions(e, filters, List.of()));
    where.add("server != ''");
    return "SELECT server, max(" + e.timeColumn() + ") AS last_call" + from(e) + " ARRAY JOIN " + e.column(Dimension.MCP_SERVER)
        + " AS server WHERE " + String.join(" AND ", where) + " GROUP BY server ORDER BY server FORMAT TabSeparatedWithNames";
  }

  private static void inventoryFilter(EfficiencyQuery query, Dimension d, String column, List<String> where) {
    Set<String> values = query.filters().get(d);
    if (values != null) {
      where.add(column + " IN (" + values.stream().sorted().map(SqlLiteral::quote).collect(Collectors.joining(", ")) + ")");
    }
  }

  private static String time(Instant i) {
    return "toDateTime(" + SqlLiteral.quote(UTC_TIME.format(i)) + ", 'UTC')";
  }

  private static String commitWhere(EfficiencyQuery query) {
    return commitOrgs(query)
        + " AND " + EfficiencyTable.COMMIT_TIME + " >= toDateTime(" + SqlLiteral.quote(UTC_TIME.format(query.start())) + ", 'UTC')"
        + " AND " + EfficiencyTable.COMMIT_TIME + " < toDateTime(" + SqlLiteral.quote(UTC_TIME.format(query.end())) + ", 'UTC')";
  }

  /** The question's organisations (always set for a caller: the access policy adds it), or every row. */
  private static String commitOrgs(EfficiencyQuery query) {
    Set<String> orgs = query.filters().get(Dimension.ORG);
    return orgs == null ? "1" : EfficiencyTable.COMMIT_ORG + " IN (" + orgs.stream().sorted().map(SqlLiteral::quote)
        .collect(Collectors.joining(", ")) + ")";
  }

  private static String from(SpendTable e) {
    return " FROM " + e.qualifiedName() + " FINAL";
  }

  private static String where(EfficiencyQuery query, SpendTable e, Instant start) {
    List<String> where = new ArrayList<>();
    where.add(e.timeColumn() + " >= toDateTime(" + SqlLiteral.quote(UTC_TIME.format(start)) + ", 'UTC')");
    where.add(e.timeColumn() + " < toDateTime(" + SqlLiteral.quote(UTC_TIME.format(query.end())) + ", 'UTC')");
    where.addAll(SpendSql.conditions(e, query.filters(), List.of()));
    return String.join(" AND ", where);
  }
}
