package dev.tokenledger.api.clickhouse;

import dev.tokenledger.api.query.Dimension;
import dev.tokenledger.api.query.Granularity;
import dev.tokenledger.api.query.Page;
import dev.tokenledger.api.query.QueryId;
import dev.tokenledger.api.query.QueryLimitException;
import dev.tokenledger.api.query.SessionDetail;
import dev.tokenledger.api.query.SessionQuery;
import dev.tokenledger.api.query.SpendQuery;
import dev.tokenledger.api.query.SpendRepository;
import dev.tokenledger.api.query.SpendRow;
import dev.tokenledger.api.query.TokenClass;
import dev.tokenledger.api.query.WarehouseException;
import dev.tokenledger.warehouse.clickhouse.ClickHouseClient;
import dev.tokenledger.warehouse.clickhouse.ClickHouseException;
import dev.tokenledger.warehouse.clickhouse.TsvField;
import dev.tokenledger.warehouse.clickhouse.TsvTable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SpendRepository} over ClickHouse through the warehouse's client: spend from the daily rollups
 * when they hold the answer, else from the deduplicated events ({@link SpendSql}); every query under the
 * caller's query id and within {@link QueryLimits}. Errors carry no ClickHouse text, host or port: a
 * limit is a {@link QueryLimitException} asking to narrow the question, anything else a
 * {@link WarehouseException} with a generic message; the client's exception is the cause (for logs).
 */
public final class ClickHouseSpendRepository implements SpendRepository {

  private static final Logger LOG = LoggerFactory.getLogger(ClickHouseSpendRepository.class);

  /**
   * ClickHouse error codes of a query over a limit: TOO_MANY_ROWS (158), TIMEOUT_EXCEEDED (159),
   * TOO_SLOW (160, the estimated time exceeds max_execution_time), MEMORY_LIMIT_EXCEEDED (241),
   * TOO_MANY_BYTES (307), TOO_MANY_ROWS_OR_BYTES (396, newer servers' rows/bytes limits).
   */
  static final Set<Integer> LIMIT_CODES = Set.of(158, 159, 160, 241, 307, 396);
  /** QUERY_WAS_CANCELLED: stopped by {@link #cancel}. */
  static final int CANCELLED = 394;

  static final String LIMIT_MESSAGE = "the question needs more of the warehouse than one query may use"
      + " (time, rows read or memory); narrow the date range or add filters";

  private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private final ClickHouseClient client;
  private final SpendTable events;
  private final RollupTable rollups;
  private final QueryLimits limits;

  public ClickHouseSpendRepository(ClickHouseClient client, SpendTable events, RollupTable rollups, QueryLimits limits) {
    this.client = client;
    this.events = events;
    this.rollups = rollups;
    this.limits = limits;
  }

  /** The repository over the warehouse catalogue's tables in the client's database. */
  public static ClickHouseSpendRepository of(ClickHouseClient client, QueryLimits limits) {
    return new ClickHouseSpendRepository(client, PricedEventsTable.in(client.database()), DailyRollupTable.in(client.database()), limits);
  }

  @Override
  public Page<SpendRow> spend(SpendQuery query, QueryId id) {
    return answer(query, SpendSql.render(query, events, rollups), id);
  }

  /** {@code query} answered from the events even when the rollups could: the planner's reference (tests). */
  Page<SpendRow> spendFromEvents(SpendQuery query, QueryId id) {
    return answer(query, SpendSql.events(query, events), id);
  }

  private Page<SpendRow> answer(SpendQuery query, String sql, QueryId id) {
    TsvTable answer = run(sql, id);
    try {
      return Page.of(rows(query, answer), query.page());
    } catch (RuntimeException e) {
      throw new WarehouseException("the warehouse answered unexpectedly", e);
    }
  }

  @Override
  public Optional<SessionDetail> session(SessionQuery query, QueryId id) {
    TsvTable summary = run(SpendSql.sessionSummary(query, events), id);
    if (summary.rows().isEmpty()) {
      return Optional.empty();
    }
    TsvTable requests = run(SpendSql.sessionRequests(query, events), id);
    try {
      return Optional.of(detail(summary, requests, query));
    } catch (RuntimeException e) {
      throw new WarehouseException("the warehouse answered unexpectedly", e);
    }
  }

  /**
   * Runs {@code KILL QUERY … ASYNC} for {@code id}: returns at once, the query ends within moments and
   * its caller gets a {@link WarehouseException}. Best effort: a failure is logged, never thrown.
   */
  @Override
  public void cancel(QueryId id) {
    try {
      client.execute(SpendSql.kill(id));
    } catch (RuntimeException e) {
      LOG.warn("could not cancel warehouse query {}", id, e);
    }
  }

  /** Runs {@code sql} under {@code id} and the limits; errors as {@link QueryLimitException} or {@link WarehouseException}. */
  TsvTable run(String sql, QueryId id) {
    String body;
    try {
      body = client.query(sql, id.value(), limits.settings());
    } catch (ClickHouseException e) {
      int code = e.code().orElse(-1);
      if (LIMIT_CODES.contains(code)) {
        throw new QueryLimitException(LIMIT_MESSAGE, e);
      }
      if (code == CANCELLED) {
        throw new WarehouseException("the query was cancelled", e);
      }
      if (e instanceof ClickHouseException.Unavailable) {
        if (code < 0) {
          cancel(id); // no answer in time (or the connection broke): do not leave the query running
        }
        throw new WarehouseException("warehouse unavailable", e);
      }
      throw new WarehouseException("warehouse rejected the query", e);
    }
    try {
      return TsvTable.parse(body);
    } catch (RuntimeException e) {
      throw new WarehouseException("the warehouse answered unexpectedly", e);
    }
  }

  private static List<SpendRow> rows(SpendQuery query, TsvTable answer) {
    int periodCol = query.granularity() == Granularity.TOTAL ? -1 : answer.column("period");
    Map<Dimension, Integer> keyCols = new LinkedHashMap<>();
    for (Dimension d : query.groupBy()) {
      keyCols.put(d, answer.column(d.wireName()));
    }
    Map<TokenClass, Integer> tokenCols = tokenColumns(answer, TokenClass::wireName);
    int requests = answer.column("requests");
    int sessions = query.withSessions() ? answer.column("sessions") : -1;
    int first = query.withTimes() ? answer.column("first_request") : -1;
    int last = query.withTimes() ? answer.column("last_request") : -1;
    boolean hourly = query.granularity() == Granularity.HOUR;
    int savings = answer.column("cache_savings_usd");
    int cost = answer.column("cost_usd");
    int notFinal = answer.column("not_final_cost_usd");
    List<SpendRow> rows = new ArrayList<>(answer.rows().size());
    for (List<String> r : answer.rows()) {
      Map<Dimension, String> keys = new LinkedHashMap<>();
      keyCols.forEach((d, i) -> keys.put(d, r.get(i)));
      rows.add(new SpendRow(
          periodCol < 0 || hourly ? null : LocalDate.parse(r.get(periodCol)),
          keys,
          Long.parseLong(r.get(requests)),
          sessions < 0 ? null : Long.valueOf(r.get(sessions)),
          tokens(r, tokenCols),
          new BigDecimal(r.get(cost)),
          new BigDecimal(r.get(savings)),
          hourly ? instant(r.get(periodCol)) : null,
          first < 0 ? null : instant(r.get(first)),
          last < 0 ? null : instant(r.get(last)),
          new BigDecimal(r.get(notFinal))));
    }
    return rows;
  }

  private SessionDetail detail(TsvTable summary, TsvTable requests, SessionQuery query) {
    List<String> s = summary.rows().get(0);
    Map<TokenClass, Integer> sumTokens = tokenColumns(summary, TokenClass::wireName);
    Map<TokenClass, Integer> reqTokens = tokenColumns(requests, events::tokenColumn);
    int eventId = requests.column(events.eventIdColumn());
    int time = requests.column(events.timeColumn());
    int model = requests.column(events.column(Dimension.MODEL));
    int agent = requests.column(events.column(Dimension.AGENT));
    int role = requests.column(events.column(Dimension.AGENT_ROLE));
    int sidechain = requests.column(events.sidechainColumn());
    int tools = requests.column(events.column(Dimension.TOOL));
    int cost = requests.column(events.costColumn());
    int accuracy = requests.column(events.column(Dimension.ACCURACY));
    List<SessionDetail.Request> page = new ArrayList<>();
    for (List<String> r : requests.rows()) {
      page.add(new SessionDetail.Request(
          r.get(eventId),
          instant(r.get(time)),
          r.get(model),
          r.get(agent),
          r.get(role),
          !r.get(sidechain).equals("0"),
          stringArray(r.get(tools)),
          tokens(r, reqTokens),
          new BigDecimal(r.get(cost)),
          r.get(accuracy)));
    }
    return new SessionDetail(
        s.get(summary.column("session")),
        s.get(summary.column("first_org")),
        s.get(summary.column("first_user")),
        s.get(summary.column("first_team")),
        s.get(summary.column("first_project")),
        s.get(summary.column("first_branch")),
        s.get(summary.column("first_source")),
        s.get(summary.column("first_parent_session")),
        instant(s.get(summary.column("first_request"))),
        instant(s.get(summary.column("last_request"))),
        Long.parseLong(s.get(summary.column("requests"))),
        tokens(s, sumTokens),
        new BigDecimal(s.get(summary.column("cost_usd"))),
        Page.of(page, query.page()));
  }

  private static Map<TokenClass, Integer> tokenColumns(TsvTable answer, java.util.function.Function<TokenClass, String> name) {
    Map<TokenClass, Integer> cols = new EnumMap<>(TokenClass.class);
    for (TokenClass t : TokenClass.values()) {
      cols.put(t, answer.column(name.apply(t)));
    }
    return cols;
  }

  private static Map<TokenClass, Long> tokens(List<String> row, Map<TokenClass, Integer> cols) {
    Map<TokenClass, Long> tokens = new EnumMap<>(TokenClass.class);
    cols.forEach((t, i) -> tokens.put(t, Long.parseLong(row.get(i))));
    return tokens;
  }

  /** A {@code DateTime('UTC')} as ClickHouse writes it in text formats. */
  private static Instant instant(String text) {
    return LocalDateTime.parse(text, DATE_TIME).toInstant(ZoneOffset.UTC);
  }

  /**
   * An {@code Array(String)} as ClickHouse writes it in text formats ({@code ['a','b\'c']}, after the
   * TabSeparated unescaping): quoted elements with backslash escapes.
   */
  static List<String> stringArray(String text) {
    if (!text.startsWith("[") || !text.endsWith("]")) {
      throw new IllegalStateException("not an array: " + text);
    }
    List<String> out = new ArrayList<>();
    int i = 1;
    int end = text.length() - 1;
    while (i < end) {
      if (text.charAt(i) != '\'') {
        throw new IllegalStateException("not an array of strings: " + text);
      }
      int j = i + 1;
      while (j < end && text.charAt(j) != '\'') {
        j += text.charAt(j) == '\\' ? 2 : 1;
      }
      if (j >= end) {
        throw new IllegalStateException("unterminated string in array: " + text);
      }
      out.add(TsvField.unescape(text.substring(i + 1, j)));
      i = j + 1;
      if (i < end && text.charAt(i) == ',') {
        i++;
      }
    }
    return out;
  }
}
