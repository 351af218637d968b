package dev.tokenledger.processor.sink;

import static dev.tokenledger.schemas.testing.UsageEvents.claude;
import static dev.tokenledger.schemas.testing.UsageEvents.tokens;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.events.Accuracy;
import dev.tokenledger.events.CountsOrigin;
import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.processor.sink.RollupAudit.Difference;
import dev.tokenledger.warehouse.clickhouse.RowBinaryWriter;
import dev.tokenledger.warehouse.clickhouse.UnwritableRecordException;
import dev.tokenledger.warehouse.testing.TestDatabase;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rollup check and rebuild on the real local ClickHouse: rows inserted the sink's way are exact; an
 * event id inserted again at another offset (the case the insert ledger cannot see) shows up as a
 * difference on every dimension of its day, and rebuilding the month restores exactly the rows the view
 * wrote in the first place, leaving other months alone.
 */
class RollupAuditIT {

  /** Every measure of usage_daily, summed per key (parts not merged yet count once each way). */
  private static final String ROLLUP_ROWS = "SELECT org_id, dimension, value, day, sum(requests) AS requests,"
      + " sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens, sum(cache_write_5m_tokens) AS cw5m,"
      + " sum(cache_write_1h_tokens) AS cw1h, sum(cache_read_tokens) AS cache_read_tokens, sum(reasoning_tokens) AS reasoning,"
      + " sum(input_cost_usd) AS input_cost_usd, sum(output_cost_usd) AS output_cost_usd, sum(cache_write_5m_cost_usd) AS cw5m_cost,"
      + " sum(cache_write_1h_cost_usd) AS cw1h_cost, sum(cache_read_cost_usd) AS cache_read_cost, sum(cost_usd) AS cost_usd,"
      + " sum(cache_savings_usd) AS cache_savings_usd, sum(not_final_requests) AS not_final_requests,"
      + " sum(not_final_cost_usd) AS not_final_cost_usd FROM usage_daily WHERE day >= toDate('%s') AND day < toDate('%s')"
      + " GROUP BY org_id, dimension, value, day ORDER BY org_id, dimension, value, day";

  private TestDatabase db;
  private RollupAudit audit;
  private final List<PricedUsage> events = new ArrayList<>();

  @BeforeEach
  void load() throws UnwritableRecordException {
    db = TestDatabase.migrated("rollupaudit");
    audit = new RollupAudit(db.client());
    for (int i = 0; i < 24; i++) {
      Instant t = Instant.parse("2026-10-28T09:00:00Z").plusSeconds(3_600L * 7 * i);   // late October into November
      events.add(PricedEvents.priced(claude("ra-" + i, t).setUserId(i % 2 == 0 ? "alice" : "bob\tthe\\builder")
          .setTeam(i % 3 == 0 ? "data" : "platform").setTokens(tokens(1_000L + i, 500, 10L * i, 20L * i, 300)).build(),
          new BigDecimal("0.125").multiply(BigDecimal.valueOf(i + 1)))
          .setCacheSavings(new BigDecimal("0.01").multiply(BigDecimal.valueOf(i)).setScale(9)).build());
    }
    insert(events, 0);
  }

  @AfterEach
  void drop() {
    db.close();
  }

  @Test
  void rowsInsertedOnceAgreeWithTheEvents() {
    assertThat(audit.differences(LocalDate.parse("2026-10-01"), LocalDate.parse("2026-12-01"))).isEmpty();
  }

  @Test
  void anEventInsertedAtASecondOffsetIsFoundAndRebuildingTheMonthRestoresTheViewsRows() throws UnwritableRecordException {
    List<Map<String, String>> november = db.rows(ROLLUP_ROWS.formatted("2026-11-01", "2026-12-01"));
    List<Map<String, String>> october = db.rows(ROLLUP_ROWS.formatted("2026-10-01", "2026-11-01"));
    assertThat(november).isNotEmpty();
    assertThat(october).isNotEmpty();
    PricedUsage again = events.get(20);   // a November event, re-published at another offset
    insert(List.of(again), 1_000);

    List<Difference> found = audit.differences(LocalDate.parse("2026-10-01"), LocalDate.parse("2026-12-01"));
    LocalDate day = again.getEvent().getEventTime().atZone(ZoneOffset.UTC).toLocalDate();
    assertThat(found).hasSize(9).allSatisfy(d -> {
      assertThat(d.day()).isEqualTo(day);
      assertThat(d.rollupRequests()).isEqualTo(d.eventRequests() + 1);
      assertThat(d.rollupCostUsd().subtract(d.eventCostUsd())).isEqualByComparingTo(again.getCost().getTotal());
    });
    assertThat(found).extracting(Difference::dimension)
        .containsExactlyInAnyOrder("org", "user", "team", "cost_centre", "project", "model", "provider", "source", "accuracy");

    RollupAudit.Rebuild rebuild = audit.rebuildMonth(YearMonth.of(2026, 11));
    assertThat(rebuild.eventsChangedMeanwhile()).isFalse();
    assertThat(audit.differences(LocalDate.parse("2026-10-01"), LocalDate.parse("2026-12-01"))).isEmpty();
    assertThat(db.rows(ROLLUP_ROWS.formatted("2026-11-01", "2026-12-01"))).isEqualTo(november);
    assertThat(db.rows(ROLLUP_ROWS.formatted("2026-10-01", "2026-11-01"))).isEqualTo(october);
  }

  @Test
  void aDifferenceInAnyMeasureIsFoundAndValuesAreReadBackUnescaped() {
    db.client().execute("INSERT INTO usage_daily (org_id, dimension, value, day, reasoning_tokens, cache_write_1h_cost_usd)"
        + " VALUES ('acme', 'user', 'bob\\tthe\\\\builder', toDate('2026-11-02'), 7, toDecimal128('0.5', 9))");
    assertThat(audit.differences(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-12-01"))).singleElement().satisfies(d -> {
      assertThat(d.value()).isEqualTo("bob\tthe\\builder");
      assertThat(d.rollupRequests()).isEqualTo(d.eventRequests());
      assertThat(d.rollupCostUsd()).isEqualByComparingTo(d.eventCostUsd());
      assertThat(d.otherMeasures()).containsExactly("reasoning_tokens 7", "cache_write_1h_cost 0.500000000");
    });
    audit.rebuildMonth(YearMonth.of(2026, 11));
    assertThat(audit.differences(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-12-01"))).isEmpty();
  }

  @Test
  void aLowerBoundCopyRevisedByAnExactOneAgreesWithTheEventsBeforeAndAfterARebuild() throws UnwritableRecordException {
    Instant t = Instant.parse("2026-11-10T12:00:00Z");
    PricedUsage log = PricedEvents.priced(claude("ra-log", t).setAccuracy(Accuracy.LOWER_BOUND)
        .setCountsOrigin(CountsOrigin.LOG_FILE).setTokens(tokens(100_000, 8, 0, 0, 5_000)).build(), new BigDecimal("0.315")).build();
    insert(List.of(log), 2_000);
    String notFinal = "SELECT concat(toString(sum(not_final_requests)), ' ', toString(sum(not_final_cost_usd)))"
        + " FROM usage_daily WHERE dimension = 'org' AND day >= toDate('2026-11-01')";
    assertThat(db.value(notFinal)).isEqualTo("1 0.315000000");
    PricedUsage revision = PricedEvents.priced(claude("ra-log", t).setAccuracy(Accuracy.EXACT)
            .setCountsOrigin(CountsOrigin.TELEMETRY).setTokens(tokens(100_000, 412, 0, 0, 4_000)).build(), new BigDecimal("0.45"))
        .setPricedTime(log.getPricedTime().plusMillis(1)).setRevision(1)
        .setReplacedInputTokens(100_000).setReplacedOutputTokens(8).setReplacedCacheReadTokens(5_000)
        .setReplacedInputCost(log.getCost().getInput()).setReplacedOutputCost(log.getCost().getOutput())
        .setReplacedCostTotal(log.getCost().getTotal()).setReplacedCacheSavings(log.getCacheSavings())
        .setReplacedAccuracy(Accuracy.LOWER_BOUND.name()).build();
    insert(List.of(revision), 2_001);

    assertThat(db.value(notFinal)).isEqualTo("0 0.000000000");
    assertThat(audit.differences(LocalDate.parse("2026-10-01"), LocalDate.parse("2026-12-01"))).isEmpty();
    audit.rebuildMonth(YearMonth.of(2026, 11));
    assertThat(db.value(notFinal)).isEqualTo("0 0.000000000");
    assertThat(audit.differences(LocalDate.parse("2026-10-01"), LocalDate.parse("2026-12-01"))).isEmpty();
  }

  @Test
  void rebuildingAMonthWithoutRowsIsHarmless() {
    audit.rebuildMonth(YearMonth.of(2025, 1));
    assertThat(audit.differences(LocalDate.parse("2025-01-01"), LocalDate.parse("2025-02-01"))).isEmpty();
    assertThat(audit.differences(LocalDate.parse("2026-10-01"), LocalDate.parse("2026-12-01"))).isEmpty();
  }

  private void insert(List<PricedUsage> batch, long firstOffset) throws UnwritableRecordException {
    RowBinaryWriter body = new RowBinaryWriter(64 * 1024);
    UsageRows rows = new UsageRows(ZoneOffset.UTC);
    for (int i = 0; i < batch.size(); i++) {
      rows.write(batch.get(i), "audit", 0, firstOffset + i, body);
    }
    db.client().insert(UsageRows.INSERT, body.toByteArray());
  }
}
