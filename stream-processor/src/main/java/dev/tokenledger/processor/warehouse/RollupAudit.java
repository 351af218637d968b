package dev.tokenledger.processor.warehouse;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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

  /** One (org, dimension, value, day) whose rollup differs from its events. */
  public record Difference(String orgId, String dimension, String value, LocalDate day, long rollupRequests,
      long eventRequests, BigDecimal rollupCostUsd, BigDecimal eventCostUsd) {}

  private final ClickHouseClient client;
  private final QueryTemplate differences;
  private final QueryTemplate rebuild;

  public RollupAudit(ClickHouseClient client) {
    this.client = Objects.requireNonNull(client, "client");
    Map<String, String> sql = ClasspathSql.files(MAINTENANCE_DIR);
    this.differences = QueryTemplate.of("rollup_differences.sql", sql.get("rollup_differences.sql"));
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
      if (f.length != 8) {
        throw new IllegalStateException("unexpected rollup check row: " + line);
      }
      out.add(new Difference(f[0], f[1], f[2], LocalDate.parse(f[3]), Long.parseLong(f[4]), Long.parseLong(f[5]),
          new BigDecimal(f[6]), new BigDecimal(f[7])));
    }
    return out;
  }

  /**
   * Replaces the month's rollups with the ones its events give: drops the month's partition of
   * {@code usage_daily}, then refills it from {@code usage_events FINAL}. The sink must be stopped (rows it
   * inserted in between would be counted twice or not at all); readers see the month empty while the
   * refill runs.
   */
  public void rebuildMonth(YearMonth month) {
    int partition = month.getYear() * 100 + month.getMonthValue();
    client.execute("ALTER TABLE usage_daily DROP PARTITION " + partition);
    client.execute(rebuild.render(Map.of("month", Integer.toString(partition))));
  }
}
