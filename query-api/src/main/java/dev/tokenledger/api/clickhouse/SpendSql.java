package dev.tokenledger.api.clickhouse;

import dev.tokenledger.api.query.Accuracy;
import dev.tokenledger.api.query.Dimension;
import dev.tokenledger.api.query.Granularity;
import dev.tokenledger.api.query.QueryId;
import dev.tokenledger.api.query.SessionQuery;
import dev.tokenledger.api.query.SortOrder;
import dev.tokenledger.api.query.SpendQuery;
import dev.tokenledger.api.query.TokenClass;
import dev.tokenledger.warehouse.clickhouse.SqlLiteral;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The ClickHouse SQL of the API's questions, and the planner that picks the table answering a spend
 * question (ADR 0402): the daily rollups whenever they hold the answer, else the deduplicated events.
 * Identifiers only from the {@link SpendTable} / {@link RollupTable} mappings of the warehouse catalogue,
 * every value through the warehouse's escaper. Tested against exact SQL strings.
 *
 * <p>Both plans return the same columns: {@code period} (unless {@link Granularity#TOTAL}), one column per
 * group-by dimension named by its wire name, {@code requests}, {@code sessions} (when asked), one column
 * per token class, {@code cost_usd}, {@code cache_savings_usd} and {@code not_final_cost_usd} (the cost of
 * the requests whose accuracy is not provider-final). Rows are in a total order (period,
 * then cost descending or not, then every group-by key ascending), so pages never overlap. A Decimal is
 * never a sort key (18.16 sorts wide decimals pathologically slowly): cost sorts as {@code toFloat64},
 * ties broken by the keys, while the output keeps the exact decimal.
 */
public final class SpendSql {

  private SpendSql() {}

  /**
   * The rollup dimension that answers {@code query} on its own, or empty when only the events can: no
   * session counts, and every group-by and filter dimension besides {@link Dimension#ORG} is the same
   * rollup dimension (none: the {@code org} rows). The organisation is a column of every rollup row, so
   * it may be grouped by or filtered on in any case.
   */
  public static Optional<Dimension> rollupDimension(SpendQuery query) {
    if (query.needsEvents()) {
      return Optional.empty();
    }
    Set<Dimension> dims = EnumSet.noneOf(Dimension.class);
    dims.addAll(query.groupBy());
    dims.addAll(query.filters().keySet());
    dims.remove(Dimension.ORG);
    if (dims.isEmpty()) {
      return Optional.of(Dimension.ORG);
    }
    Dimension only = dims.iterator().next();
    return dims.size() == 1 && only.inRollups() ? Optional.of(only) : Optional.empty();
  }

  /** The SQL answering {@code query}: from the rollups when {@link #rollupDimension} allows, else from the events. */
  public static String render(SpendQuery query, SpendTable events, RollupTable rollups) {
    return rollupDimension(query).map(d -> rollup(query, rollups, d)).orElseGet(() -> events(query, events));
  }

  /** The question answered from the daily rollup rows of {@code dimension} (see {@link #rollupDimension}). */
  public static String rollup(SpendQuery query, RollupTable table, Dimension dimension) {
    if (!dimension.inRollups() || query.needsEvents()) {
      throw new IllegalArgumentException("the rollups cannot answer by " + dimension.wireName());
    }
    List<String> select = new ArrayList<>();
    String day = table.dayColumn();
    String bucket = switch (query.granularity()) {
      case TOTAL, HOUR -> null;
      case DAY -> day;
      case WEEK -> "toMonday(" + day + ")";
      case MONTH -> "toStartOfMonth(" + day + ")";
    };
    if (bucket != null) {
      select.add(bucket + " AS period");
    }
    for (Dimension d : query.groupBy()) {
      if (d == Dimension.ORG) {
        select.add(table.orgColumn() + " AS " + d.wireName());
      } else if (d == dimension) {
        select.add(table.valueColumn() + " AS " + d.wireName());
      } else {
        throw new IllegalArgumentException("the " + dimension.wireName() + " rollups cannot group by " + d.wireName());
      }
    }
    select.add("sum(" + table.requestsColumn() + ") AS requests");
    for (TokenClass t : TokenClass.values()) {
      select.add("sum(" + table.tokenColumn(t) + ") AS " + t.wireName());
    }
    select.add("sum(" + table.costColumn() + ") AS cost_usd");
    select.add("sum(" + table.savingsColumn() + ") AS cache_savings_usd");
    select.add("sum(" + table.notFinalCostColumn() + ") AS not_final_cost_usd");

    List<String> where = new ArrayList<>();
    Set<String> orgs = query.filters().get(Dimension.ORG);
    if (orgs != null) {
      where.add(table.orgColumn() + " IN (" + list(orgs) + ")");
    }
    where.add(table.dimensionColumn() + " = " + SqlLiteral.quote(dimension.rollupName()));
    query.filters().forEach((d, values) -> {
      if (d != Dimension.ORG) {
        if (d != dimension) {
          throw new IllegalArgumentException("the " + dimension.wireName() + " rollups cannot filter on " + d.wireName());
        }
        where.add(table.valueColumn() + " IN (" + list(values) + ")");
      }
    });
    where.add(day + " >= " + SqlLiteral.date(query.from()));
    where.add(day + " < " + SqlLiteral.date(query.to()));

    return "SELECT " + String.join(", ", select)
        + " FROM " + table.qualifiedName()
        + " WHERE " + String.join(" AND ", where)
        + tail(query, bucket != null);
  }

  /**
   * The question answered from the deduplicated events ({@code FINAL}). A multi-valued dimension in
   * group_by is unnested with {@code LEFT ARRAY JOIN} over its distinct non-empty values: a request
   * counts once under each of its tools (or MCP servers), and under {@code ''} when it used none. A
   * filter on a multi-valued dimension that is not grouped keeps the requests having any of the values
   * ({@code hasAny}; {@code ''} matches the requests with none). ClickHouse 18.16 allows one ARRAY JOIN
   * per query, so at most one multi-valued dimension can be grouped by.
   */
  public static String events(SpendQuery query, SpendTable table) {
    List<Dimension> unnested = query.groupBy().stream().filter(Dimension::multiValued).toList();
    if (unnested.size() > 1) {
      throw new IllegalArgumentException("group_by: at most one of "
          + EnumSet.allOf(Dimension.class).stream().filter(Dimension::multiValued).map(Dimension::wireName)
              .collect(Collectors.joining(", ")) + " (a request has several of each)");
    }
    List<String> select = new ArrayList<>();
    String bucket = table.bucketColumn(query.granularity());
    if (bucket != null) {
      select.add(bucket + " AS period");
    }
    for (Dimension d : query.groupBy()) {
      select.add(d.multiValued() ? d.wireName() : table.expression(d) + " AS " + d.wireName());
    }
    select.add("count() AS requests");
    if (query.withSessions()) {
      select.add("uniqExact(" + table.column(Dimension.SESSION) + ") AS sessions");
    }
    if (query.withTimes()) {
      select.add("min(" + table.timeColumn() + ") AS first_request");
      select.add("max(" + table.timeColumn() + ") AS last_request");
    }
    for (TokenClass t : TokenClass.values()) {
      select.add("sum(" + table.tokenColumn(t) + ") AS " + t.wireName());
    }
    select.add("sum(" + table.costColumn() + ") AS cost_usd");
    select.add("sum(" + table.savingsColumn() + ") AS cache_savings_usd");
    select.add(notFinalCost(table));

    StringBuilder sql = new StringBuilder("SELECT ").append(String.join(", ", select));
    sql.append(" FROM ").append(table.qualifiedName()).append(" FINAL");
    for (Dimension d : unnested) {
      sql.append(" LEFT ARRAY JOIN ").append(values(table, d)).append(" AS ").append(d.wireName());
    }
    // Days are org-zone calendar days; the event_time bound (one day wider: any zone is within
    // +-14h of UTC) only lets ClickHouse skip partitions and never changes the answer.
    List<String> where = new ArrayList<>();
    where.add(table.dayColumn() + " >= " + SqlLiteral.date(query.from()));
    where.add(table.dayColumn() + " < " + SqlLiteral.date(query.to()));
    where.add(table.timeColumn() + " >= toDateTime(" + SqlLiteral.quote(query.from().minusDays(1) + " 00:00:00") + ", 'UTC')");
    where.add(table.timeColumn() + " < toDateTime(" + SqlLiteral.quote(query.to().plusDays(1) + " 00:00:00") + ", 'UTC')");
    where.addAll(conditions(table, query.filters(), unnested));
    sql.append(" WHERE ").append(String.join(" AND ", where));
    sql.append(tail(query, bucket != null));
    return sql.toString();
  }

  /**
   * The summary of a session within its scope: one row (none when no event matches) with the columns
   * {@code session, org, user, team, project, branch, source, parent_session} (each of the session's
   * first request), {@code first_request, last_request, requests}, the token columns and {@code cost_usd}.
   */
  public static String sessionSummary(SessionQuery query, SpendTable table) {
    String first = "(" + table.timeColumn() + ", " + table.eventIdColumn() + ")";
    List<String> select = new ArrayList<>();
    select.add(table.column(Dimension.SESSION) + " AS session");
    select.add("argMin(" + table.column(Dimension.ORG) + ", " + first + ") AS first_org");
    select.add("argMin(" + table.column(Dimension.USER) + ", " + first + ") AS first_user");
    select.add("argMin(" + table.column(Dimension.TEAM) + ", " + first + ") AS first_team");
    select.add("argMin(" + table.column(Dimension.PROJECT) + ", " + first + ") AS first_project");
    select.add("argMin(" + table.column(Dimension.BRANCH) + ", " + first + ") AS first_branch");
    select.add("argMin(" + table.column(Dimension.SOURCE) + ", " + first + ") AS first_source");
    select.add("argMin(" + table.parentSessionColumn() + ", " + first + ") AS first_parent_session");
    select.add("min(" + table.timeColumn() + ") AS first_request");
    select.add("max(" + table.timeColumn() + ") AS last_request");
    select.add("count() AS requests");
    for (TokenClass t : TokenClass.values()) {
      select.add("sum(" + table.tokenColumn(t) + ") AS " + t.wireName());
    }
    select.add("sum(" + table.costColumn() + ") AS cost_usd");
    return "SELECT " + String.join(", ", select)
        + " FROM " + table.qualifiedName() + " FINAL"
        + " WHERE " + sessionWhere(query, table)
        + " GROUP BY session FORMAT TabSeparatedWithNames";
  }

  /**
   * A page of a session's requests within its scope, in (event time, event id) order, one more than the
   * page holds; the columns are the table's own names.
   */
  public static String sessionRequests(SessionQuery query, SpendTable table) {
    List<String> select = new ArrayList<>(List.of(
        table.eventIdColumn(), table.timeColumn(), table.column(Dimension.MODEL), table.column(Dimension.AGENT),
        table.column(Dimension.AGENT_ROLE), table.sidechainColumn(), table.column(Dimension.TOOL)));
    for (TokenClass t : TokenClass.values()) {
      select.add(table.tokenColumn(t));
    }
    select.add(table.costColumn());
    select.add(table.column(Dimension.ACCURACY));
    return "SELECT " + String.join(", ", select)
        + " FROM " + table.qualifiedName() + " FINAL"
        + " WHERE " + sessionWhere(query, table)
        + " ORDER BY " + table.timeColumn() + ", " + table.eventIdColumn()
        + " LIMIT " + query.page().offset() + ", " + (query.page().limit() + 1)
        + " FORMAT TabSeparatedWithNames";
  }

  /**
   * The cost of the requests that are not provider-final: every accuracy label but {@link
   * Accuracy#PROVIDER_FINAL}, so a label appended later counts as not final without a change here.
   */
  static String notFinalCost(SpendTable table) {
    return "sumIf(" + table.costColumn() + ", " + table.column(Dimension.ACCURACY) + " != "
        + SqlLiteral.quote(Accuracy.PROVIDER_FINAL) + ") AS not_final_cost_usd";
  }

  /** Stops query {@code id} without waiting for it to end (allowed in a {@code readonly=1} session on 18.16). */
  public static String kill(QueryId id) {
    return "KILL QUERY WHERE query_id = " + SqlLiteral.quote(id.value()) + " ASYNC";
  }

  private static String sessionWhere(SessionQuery query, SpendTable table) {
    List<String> where = new ArrayList<>();
    where.add(table.column(Dimension.SESSION) + " = " + SqlLiteral.quote(query.sessionId()));
    where.addAll(conditions(table, query.scope(), List.of()));
    return String.join(" AND ", where);
  }

  /** The distinct non-empty values of a multi-valued dimension's array column. */
  private static String values(SpendTable table, Dimension d) {
    return "arrayDistinct(arrayFilter(x -> x != '', " + table.column(d) + "))";
  }

  /** {@code dimension IN (values)} per filter, in dimension order; unnested dimensions test their joined value. */
  static List<String> conditions(SpendTable table, Map<Dimension, Set<String>> filters, List<Dimension> unnested) {
    List<String> out = new ArrayList<>();
    new TreeMap<>(filters).forEach((d, allowed) -> {
      if (!d.multiValued()) {
        out.add(table.expression(d) + " IN (" + list(allowed) + ")");
      } else if (unnested.contains(d)) {
        out.add(d.wireName() + " IN (" + list(allowed) + ")");
      } else {
        List<String> parts = new ArrayList<>();
        List<String> named = allowed.stream().filter(v -> !v.isEmpty()).sorted().toList();
        if (!named.isEmpty()) {
          parts.add("hasAny(" + values(table, d) + ", [" + named.stream().map(SqlLiteral::quote).collect(Collectors.joining(", ")) + "])");
        }
        if (allowed.contains("")) {
          parts.add("empty(" + values(table, d) + ")");
        }
        out.add(parts.size() == 1 ? parts.get(0) : "(" + String.join(" OR ", parts) + ")");
      }
    });
    return out;
  }

  /** GROUP BY, the total order, the page (one row more than it holds) and the format. */
  private static String tail(SpendQuery query, boolean period) {
    List<String> group = new ArrayList<>();
    if (period) {
      group.add("period");
    }
    query.groupBy().forEach(d -> group.add(d.wireName()));
    StringBuilder sql = new StringBuilder();
    if (!group.isEmpty()) {
      sql.append(" GROUP BY ").append(String.join(", ", group));
      List<String> order = new ArrayList<>();
      if (period) {
        order.add("period");
      }
      if (query.order() == SortOrder.COST && !query.groupBy().isEmpty()) {
        order.add("toFloat64(cost_usd) DESC");
      }
      query.groupBy().forEach(d -> order.add(d.wireName()));
      sql.append(" ORDER BY ").append(String.join(", ", order));
    }
    sql.append(" LIMIT ").append(query.page().offset()).append(", ").append(query.page().limit() + 1);
    sql.append(" FORMAT TabSeparatedWithNames");
    return sql.toString();
  }

  private static String list(Set<String> values) {
    return values.stream().sorted().map(SqlLiteral::quote).collect(Collectors.joining(", "));
  }
}
