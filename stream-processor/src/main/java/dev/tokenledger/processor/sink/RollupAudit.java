package dev.tokenledger.processor.sink;

import static dev.tokenledger.warehouse.UsageEventsTable.CACHE_READ_COST;
import static dev.tokenledger.warehouse.UsageEventsTable.CACHE_READ_TOKENS;
import static dev.tokenledger.warehouse.UsageEventsTable.CACHE_SAVINGS;
import static dev.tokenledger.warehouse.UsageEventsTable.CACHE_WRITE_1H_COST;
import static dev.tokenledger.warehouse.UsageEventsTable.CACHE_WRITE_1H_TOKENS;
import static dev.tokenledger.warehouse.UsageEventsTable.CACHE_WRITE_5M_COST;
import static dev.tokenledger.warehouse.UsageEventsTable.CACHE_WRITE_5M_TOKENS;
import static dev.tokenledger.warehouse.UsageEventsTable.EVENT_DAY;
import static dev.tokenledger.warehouse.UsageEventsTable.INPUT_COST;
import static dev.tokenledger.warehouse.UsageEventsTable.INPUT_TOKENS;
import static dev.tokenledger.warehouse.UsageEventsTable.OUTPUT_COST;
import static dev.tokenledger.warehouse.UsageEventsTable.OUTPUT_TOKENS;
import static dev.tokenledger.warehouse.UsageEventsTable.REASONING_TOKENS;

import dev.tokenledger.warehouse.ClasspathSql;
import dev.tokenledger.warehouse.QueryTemplate;
import dev.tokenledger.warehouse.UsageDailyTable;
import dev.tokenledger.warehouse.UsageEventsTable;
import dev.tokenledger.warehouse.clickhouse.Column;
import dev.tokenledger.warehouse.clickhouse.ClickHouseClient;
import dev.tokenledger.warehouse.clickhouse.SqlLiteral;
import dev.tokenledger.warehouse.clickhouse.TsvField;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Checks the daily rollups ({@code usage_daily}, fed by a materialized view) against the deduplicated
 * events ({@code usage_events FINAL}) and rebuilds a month of them from the events. The view adds what
 * is inserted, so the rollups drift only in the rare cases docs/warehouse.md names (an event id inserted
 * at two Kafka offsets, a server crash between a base part and its view part); this is how an operator
 * finds and repairs them. The SQL is shipped in {@code clickhouse/maintenance} (checked on a modern
 * engine by {@code infra/clickhouse/sql-check}).
 */
public final class RollupAudit {

  public static final String MAINTENANCE_DIR = "clickhouse/maintenance";
  private static final String STAGING = "usage_daily_rebuild";

  /**
   * One (org, dimension, value, day) whose rollup differs from its events: requests and cost on both
   * sides, and the names of every other measure that differs.
   */
  public record Difference(String orgId, String dimension, String value, LocalDate day, long rollupRequests,
      long eventRequests, BigDecimal rollupCostUsd, BigDecimal eventCostUsd, List<String> otherMeasures) {}

  /** What a rebuild saw: raw {@code usage_events} rows of the month before and after (equal unless something wrote meanwhile). */
  public record Rebuild(YearMonth month, long eventRowsBefore, long eventRowsAfter) {
    public boolean eventsChangedMeanwhile() {
      return eventRowsBefore != eventRowsAfter;
    }
  }

  /** The measures besides requests and cost, named as the events table names them, in the order of the check's columns. */
  private static final String[] OTHER_MEASURES = Stream.of(INPUT_TOKENS, OUTPUT_TOKENS, CACHE_WRITE_5M_TOKENS,
      CACHE_WRITE_1H_TOKENS, CACHE_READ_TOKENS, REASONING_TOKENS, INPUT_COST, OUTPUT_COST, CACHE_WRITE_5M_COST,
      CACHE_WRITE_1H_COST, CACHE_READ_COST, CACHE_SAVINGS).map(Column::name)
      .flatMap(n -> n.equals(CACHE_SAVINGS.name()) ? Stream.of(n, "not_final_requests", "not_final_cost") : Stream.of(n))
      .toArray(String[]::new);

  private final ClickHouseClient client;
  private final QueryTemplate differences;
  private final QueryTemplate staging;
  private final QueryTemplate rebuild;

  public RollupAudit(ClickHouseClient client) {
    this.client = Objects.requireNonNull(client, "client");
    Map<String, String> sql = ClasspathSql.files(MAINTENANCE_DIR);
    this.differences = QueryTemplate.of("rollup_differences.sql", sql.get("rollup_differences.sql"));
    this.staging = QueryTemplate.of("rollup_rebuild_0_staging.sql", sql.get("rollup_rebuild_0_staging.sql"));
    this.rebuild = QueryTemplate.of("rollup_rebuild_month.sql", sql.get("rollup_rebuild_month.sql"));
  }

  /** The rollup rows of the days [from, to) that disagree with the events; empty when the rollups are exact. */
  public List<Difference> differences(LocalDate from, LocalDate to) {
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("'from' (" + from + ") must be before 'to' (" + to + ")");
    }
    String tsv = client.query(differences.render(Map.of("from", from.toString(), "to", to.toString()))
        + "\nFORMAT TabSeparated");
    List<Difference> out = new ArrayList<>();
    for (String line : tsv.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      if (f.length != 8 + OTHER_MEASURES.length) {
        throw new IllegalStateException("unexpected rollup check row: " + line);
      }
      List<String> others = new ArrayList<>();
      for (int i = 0; i < OTHER_MEASURES.length; i++) {
        if (new BigDecimal(f[8 + i]).signum() != 0) {
          others.add(OTHER_MEASURES[i] + " " + f[8 + i]);
        }
      }
      out.add(new Difference(TsvField.unescape(f[0]), TsvField.unescape(f[1]), TsvField.unescape(f[2]), LocalDate.parse(f[3]),
          Long.parseLong(f[4]), Long.parseLong(f[5]), new BigDecimal(f[6]), new BigDecimal(f[7]), List.copyOf(others)));
    }
    return out;
  }

  /**
   * Replaces the month's rollups with the ones its events give, in one step for readers: the month is
   * computed from {@code usage_events FINAL} into a staging table, then swapped in with {@code REPLACE
   * PARTITION}. The sink must be stopped: rows it inserts meanwhile may be counted twice or not at all,
   * which the returned {@link Rebuild} reveals by the month's event rows before and after. If the
   * refill fails, the live month is untouched.
   */
  public Rebuild rebuildMonth(YearMonth month) {
    int partition = month.getYear() * 100 + month.getMonthValue();
    long before = eventRows(month);
    client.execute("DROP TABLE IF EXISTS " + STAGING);
    client.execute(staging.render(Map.of()));
    try {
      client.execute(rebuild.render(Map.of("from", month.atDay(1).toString(), "to", month.plusMonths(1).atDay(1).toString())));
      client.execute("ALTER TABLE " + UsageDailyTable.NAME + " REPLACE PARTITION " + partition + " FROM " + STAGING);
    } finally {
      client.execute("DROP TABLE IF EXISTS " + STAGING);
    }
    return new Rebuild(month, before, eventRows(month));
  }

  private long eventRows(YearMonth month) {
    String n = client.query("SELECT count() FROM " + UsageEventsTable.NAME + " WHERE " + EVENT_DAY.name() + " >= "
        + SqlLiteral.date(month.atDay(1)) + " AND " + EVENT_DAY.name() + " < " + SqlLiteral.date(month.plusMonths(1).atDay(1))
        + "\nFORMAT TabSeparated").strip();
    return Long.parseLong(n);
  }
}
