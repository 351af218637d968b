package dev.tokenledger.processor.sink;

import static dev.tokenledger.schemas.testing.UsageEvents.claude;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenledger.events.BudgetBreach;
import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.events.RejectReason;
import dev.tokenledger.events.RejectStage;
import dev.tokenledger.events.RejectedEvent;
import dev.tokenledger.schemas.testing.StackEnv;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sink end to end on the shared stack: priced events and breaches from the topics into ClickHouse,
 * bad records to the rejected topic, and a group whose commits are lost (offsets rewound to 0, as after
 * a crash between insert and commit) re-reads everything without a single row inserted twice.
 */
class SinkEndToEndIT {

  static final int EVENTS = 3_000;

  @TempDir
  Path dir;

  private final InProcessSink sinkRun = new InProcessSink("sink_e2e");

  @AfterEach
  void cleanUp() {
    sinkRun.close();
  }

  @Test
  void loadsEveryEventOnceRejectsBadRecordsAndSurvivesLostCommits() throws Exception {
    try (SinkFixture fx = new SinkFixture()) {
      loadAndReload(fx);
    }
  }

  private void loadAndReload(SinkFixture fx) throws Exception {
    List<PricedUsage> events = PricedEvents.batch("e2e-", EVENTS);
    fx.publishPriced(events.subList(0, EVENTS / 2));
    PricedUsage future = PricedEvents.priced("e2e-year-2200", Instant.parse("2200-01-01T00:00:00Z"), BigDecimal.ONE);
    fx.publishPriced(List.of(future));
    fx.publishRaw(fx.topics.priced(), "garbage", "not avro".getBytes(StandardCharsets.UTF_8));
    BudgetBreach b80 = PricedEvents.breach("platform-monthly", Instant.parse("2026-11-01T00:00:00Z"), 80);
    BudgetBreach b100 = PricedEvents.breach("platform-monthly", Instant.parse("2026-11-01T00:00:00Z"), 100);
    fx.publishBreaches(List.of(b80, b100, b80));
    fx.publishPriced(events.subList(EVENTS / 2, EVENTS));

    SinkSettings settings = SinkFixture.settings(fx.writeConfig(dir, StackEnv.clickhouseUrl(), sinkRun.database, 500, "30s"));
    Future<Integer> exit = sinkRun.start(settings);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> assertThat(fx.lag()).isZero());

    assertExactly(events);
    assertThat(value("SELECT count() FROM budget_breaches FINAL")).isEqualTo("2");
    assertThat(value("SELECT groupArray(threshold_percent) FROM (SELECT threshold_percent FROM budget_breaches_final ORDER BY threshold_percent)"))
        .isEqualTo("[80,100]");
    assertThat(value("SELECT toString(sum(cost_usd)) FROM monthly_chargeback_by_team WHERE month = '2026-11-01'"))
        .isEqualTo(PricedEvents.total(events).toPlainString());

    List<RejectedEvent> rejected = fx.rejected(2, Duration.ofSeconds(20));
    assertThat(rejected).hasSize(2).allSatisfy(r -> assertThat(r.getStage()).isEqualTo(RejectStage.SINK));
    RejectedEvent unwritable = rejected.stream().filter(r -> r.getReason() == RejectReason.UNWRITABLE).findFirst().orElseThrow();
    assertThat(unwritable.getEventId()).isEqualTo("e2e-year-2200");
    assertThat(unwritable.getMessage()).contains("event_time").contains("outside DateTime's range");
    assertThat(unwritable.getEvent()).isEqualTo(future.getEvent());
    assertThat(unwritable.getPayload()).isNotNull();
    RejectedEvent corrupt = rejected.stream().filter(r -> r.getReason() == RejectReason.DESERIALIZATION).findFirst().orElseThrow();
    assertThat(corrupt.getSourceTopic()).isEqualTo(fx.topics.priced());
    assertThat(StandardCharsets.UTF_8.decode(corrupt.getPayload()).toString()).isEqualTo("not avro");

    sinkRun.app().stop(Duration.ofSeconds(30));
    assertThat(exit.get()).isZero();
    long inserted = sinkRun.app().metrics().usageRows();
    assertThat(inserted).isEqualTo(EVENTS);

    // commits lost after the inserts: every record is delivered again and must be skipped
    fx.rewindPriced();
    assertThat(fx.lag()).isGreaterThanOrEqualTo(EVENTS);
    exit = sinkRun.start(settings);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> assertThat(fx.lag()).isZero());
    assertThat(sinkRun.app().metrics().alreadyInserted()).isEqualTo(EVENTS);
    assertThat(sinkRun.app().metrics().usageRows()).isZero();
    assertExactly(events);
    sinkRun.app().stop(Duration.ofSeconds(30));
    assertThat(exit.get()).isZero();
  }

  @Test
  void stopsWithAnErrorAndCommitsNothingWhenClickHouseStaysUnreachable() throws Exception {
    try (SinkFixture fx = new SinkFixture()) {
      failLoudly(fx);
    }
  }

  private void failLoudly(SinkFixture fx) throws Exception {
    fx.publishPriced(PricedEvents.batch("down-", 10));
    Path config = fx.writeConfig(dir, "http://127.0.0.1:9", sinkRun.database, 500, "2s");
    java.nio.file.Files.writeString(config, "[migrations]\napply_on_start = false\n", java.nio.file.StandardOpenOption.APPEND);
    Future<Integer> exit = sinkRun.start(SinkFixture.settings(config));
    assertThat(exit.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1);
    assertThat(sinkRun.app().metrics().retries()).isPositive();
    assertThat(sinkRun.app().metrics().committedBatches()).isZero();
    assertThat(fx.lag()).isEqualTo(10);
  }

  /** Base table (with and without FINAL) and rollups hold exactly {@code events}. */
  private void assertExactly(List<PricedUsage> events) {
    assertThat(value("SELECT count() FROM usage_events")).as("rows, before any merge").isEqualTo(String.valueOf(events.size()));
    assertThat(value("SELECT count() FROM usage_events FINAL")).isEqualTo(String.valueOf(events.size()));
    assertThat(value("SELECT toString(sum(cost_total)) FROM usage_events FINAL")).isEqualTo(PricedEvents.total(events).toPlainString());
    assertThat(value("SELECT toString(sum(requests)) FROM usage_daily WHERE dimension = 'org'")).isEqualTo(String.valueOf(events.size()));
    assertThat(value("SELECT toString(sum(cost_usd)) FROM usage_daily WHERE dimension = 'org'")).isEqualTo(PricedEvents.total(events).toPlainString());
    assertThat(value("SELECT toString(sum(cost_usd)) FROM usage_daily WHERE dimension = 'team' AND value = 'data'"))
        .isEqualTo(PricedEvents.total(events.stream().filter(p -> "data".equals(p.getEvent().getTeam())).toList()).toPlainString());
  }

  private String value(String sql) {
    return sinkRun.value(sql);
  }
}
