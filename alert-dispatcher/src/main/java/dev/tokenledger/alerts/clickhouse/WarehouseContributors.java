package dev.tokenledger.alerts.clickhouse;

import dev.tokenledger.alerts.alert.Alert;
import dev.tokenledger.alerts.channel.Contributors;
import dev.tokenledger.warehouse.UsageEventsTable;
import dev.tokenledger.warehouse.clickhouse.ClickHouseClient;
import dev.tokenledger.warehouse.clickhouse.ClickHouseEndpoint;
import dev.tokenledger.warehouse.clickhouse.ClickHouseException;
import dev.tokenledger.warehouse.clickhouse.ClickHouseHttpClient;
import dev.tokenledger.warehouse.clickhouse.SqlLiteral;
import dev.tokenledger.warehouse.clickhouse.TsvField;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Contributors} from the warehouse: the top {@value #TOP} users and the top {@value #TOP} models by
 * cost within the budget's scope and period, read from {@code usage_events FINAL} with
 * {@code event_time >= start AND event_time < end} (the breach's period as instants, so the answer does
 * not depend on any time zone). One query per lookup, in a readonly session, with
 * {@code max_execution_time}; the caller waits at most {@code timeout}. Any failure, timeout or
 * unexpected answer yields no contributors and one log line (the breach id and the kind of failure,
 * never a URL, password or server message), so a delivery is never failed or delayed beyond the bound.
 */
public final class WarehouseContributors implements Contributors, AutoCloseable {

  static final int TOP = 3;
  /** Lookups running at once; a further one while they all wait on the warehouse gets no contributors. */
  static final int MAX_CONCURRENT = 2;

  private static final Logger LOG = LoggerFactory.getLogger(WarehouseContributors.class);

  private final ClickHouseClient client;
  private final Duration timeout;
  private final ExecutorService pool;

  /**
   * @param client a client of the warehouse database (the adapter adds {@code max_execution_time} per query)
   * @param timeout the longest a delivery waits for the lookup
   */
  public WarehouseContributors(ClickHouseClient client, Duration timeout) {
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
    this.client = client;
    this.timeout = timeout;
    this.pool = new ThreadPoolExecutor(0, MAX_CONCURRENT, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
      Thread t = new Thread(r, "alerts-contributors");
      t.setDaemon(true);
      return t;
    });
  }

  /** Over HTTP in a {@code readonly=1} session; the endpoint's request timeout is the bound. */
  public static WarehouseContributors open(ClickHouseEndpoint endpoint) {
    return new WarehouseContributors(new ClickHouseHttpClient(endpoint, Map.of("readonly", "1")), endpoint.requestTimeout());
  }

  @Override
  public List<String> top(Alert alert) {
    Optional<String> sql = sql(alert);
    if (sql.isEmpty()) {
      return List.of();
    }
    String queryId = "tokenledger-alerts-contributors-" + UUID.randomUUID();
    Map<String, String> limits = Map.of("max_execution_time", Long.toString(maxExecutionSeconds(timeout)));
    Future<String> answer;
    try {
      answer = pool.submit(() -> client.query(sql.get(), queryId, limits));
    } catch (RejectedExecutionException e) {
      LOG.warn("contributors of breach {}: none (earlier lookups are still waiting for the warehouse)", alert.breachId());
      return List.of();
    }
    try {
      return lines(answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS));
    } catch (TimeoutException e) {
      answer.cancel(true);
      LOG.warn("contributors of breach {}: none (the warehouse did not answer within {} ms)", alert.breachId(), timeout.toMillis());
    } catch (ExecutionException e) {
      LOG.warn("contributors of breach {}: none ({})", alert.breachId(), describe(e.getCause()));
    } catch (InterruptedException e) {
      answer.cancel(true);
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("contributors of breach {}: none ({})", alert.breachId(), describe(e));
    }
    return List.of();
  }

  /** Whole seconds, rounded up, at least 1 (the server's {@code max_execution_time} is in seconds). */
  static long maxExecutionSeconds(Duration timeout) {
    long s = timeout.toSeconds() + (timeout.toNanosPart() > 0 ? 1 : 0);
    return Math.max(1, s);
  }

  /** The failure's kind and ClickHouse error code; its message may name the server, so it is left out. */
  static String describe(Throwable t) {
    if (t instanceof ClickHouseException c) {
      return "warehouse " + c.getClass().getSimpleName().toLowerCase(Locale.ROOT)
          + c.code().stream().mapToObj(code -> ", ClickHouse error " + code).findFirst().orElse("");
    }
    return t == null ? "unknown failure" : t.getClass().getSimpleName();
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }

  /**
   * The lookup for {@code alert}, or empty for a scope budgets do not use (then there is nothing to ask).
   * Users and models are two {@code UNION ALL} parts, each ordered by cost (then name) and limited to
   * {@value #TOP}; a part's rows with no cost are left out.
   */
  static Optional<String> sql(Alert alert) {
    Optional<String> scope = scopeCondition(alert.scope(), alert.scopeValue());
    if (scope.isEmpty() || alert.orgId() == null || alert.periodStart() == null || alert.periodEnd() == null) {
      return Optional.empty();
    }
    String where = "WHERE " + UsageEventsTable.ORG_ID.name() + " = " + SqlLiteral.quote(alert.orgId()) + scope.get()
        + " AND " + UsageEventsTable.EVENT_TIME.name() + " >= toDateTime(" + floorSecond(alert.periodStart()) + ")"
        + " AND " + UsageEventsTable.EVENT_TIME.name() + " < toDateTime(" + ceilSecond(alert.periodEnd()) + ")\n";
    return Optional.of(part("user", UsageEventsTable.USER_ID.name(), where) + "UNION ALL\n"
        + part("model", UsageEventsTable.NORMALIZED_MODEL.name(), where) + "FORMAT TabSeparated");
  }

  private static String part(String kind, String column, String where) {
    return "SELECT '" + kind + "' AS kind, " + column + " AS name, sum(" + UsageEventsTable.COST_TOTAL.name() + ") AS cost\n"
        + "FROM " + UsageEventsTable.NAME + " FINAL\n"
        + where
        + "GROUP BY name\n"
        + "HAVING cost > 0\n"
        + "ORDER BY cost DESC, name\n"
        + "LIMIT " + TOP + "\n";
  }

  /** {@code AND column = 'value'} for the budget's scope; "" for ORG; empty for a scope budgets do not use. */
  static Optional<String> scopeCondition(String scope, String value) {
    String column = switch (scope == null ? "" : scope) {
      case "ORG" -> "";
      case "TEAM" -> UsageEventsTable.TEAM.name();
      case "PROJECT" -> UsageEventsTable.PROJECT_ID.name();
      case "USER" -> UsageEventsTable.USER_ID.name();
      case "COST_CENTRE" -> UsageEventsTable.COST_CENTRE.name();
      default -> null;
    };
    if (column == null || (!column.isEmpty() && value == null)) {
      return Optional.empty();
    }
    return Optional.of(column.isEmpty() ? "" : " AND " + column + " = " + SqlLiteral.quote(value));
  }

  /**
   * Period boundaries are whole seconds (a period starts at a midnight of the organisation's zone, and
   * zone offsets are whole seconds), so {@code event_time} (seconds) compares exactly; a fractional
   * boundary would widen the range to its whole seconds.
   */
  private static long floorSecond(Instant i) {
    return i.getEpochSecond();
  }

  private static long ceilSecond(Instant i) {
    return i.getEpochSecond() + (i.getNano() > 0 ? 1 : 0);
  }

  /** The answer's rows as lines: users first, then models, each biggest first. */
  static List<String> lines(String tsv) {
    List<Row> users = new ArrayList<>();
    List<Row> models = new ArrayList<>();
    for (String line : tsv.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      if (f.length != 3) {
        throw new IllegalStateException("unexpected contributors answer: " + f.length + " columns");
      }
      Row row = new Row(TsvField.unescape(f[1]), new BigDecimal(f[2]));
      switch (f[0]) {
        case "user" -> users.add(row);
        case "model" -> models.add(row);
        default -> throw new IllegalStateException("unexpected contributors answer: kind " + f[0]);
      }
    }
    Comparator<Row> biggestFirst = Comparator.comparing(Row::cost).reversed().thenComparing(Row::name);
    List<String> out = new ArrayList<>();
    users.stream().sorted(biggestFirst).limit(TOP).forEach(r -> out.add("user " + r.label() + " — " + usd(r.cost())));
    models.stream().sorted(biggestFirst).limit(TOP).forEach(r -> out.add("model " + r.label() + " — " + usd(r.cost())));
    return List.copyOf(out);
  }

  /** {@code $1,234.57}: two decimals, half-up, grouped (as the Slack message shows amounts). */
  static String usd(BigDecimal d) {
    DecimalFormat f = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
    f.setRoundingMode(RoundingMode.HALF_UP);
    return "$" + f.format(d);
  }

  /** Longest name shown (a longer one is cut, so that the line keeps its amount). */
  static final int MAX_NAME = 48;

  private record Row(String name, BigDecimal cost) {
    String label() {
      if (name.isBlank()) {
        return "(none)";
      }
      if (name.length() <= MAX_NAME) {
        return name;
      }
      int cut = Character.isHighSurrogate(name.charAt(MAX_NAME - 2)) ? MAX_NAME - 2 : MAX_NAME - 1;
      return name.substring(0, cut) + "…";
    }
  }
}
