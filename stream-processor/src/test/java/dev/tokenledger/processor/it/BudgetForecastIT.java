package dev.tokenledger.processor.it;

import static dev.tokenledger.schemas.testing.UsageEvents.claude;
import static dev.tokenledger.schemas.testing.UsageEvents.tokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import dev.tokenledger.events.BreachKind;
import dev.tokenledger.events.Budget;
import dev.tokenledger.events.BudgetBreach;
import dev.tokenledger.events.Period;
import dev.tokenledger.events.Scope;
import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.processor.budget.BudgetBreachDetector;
import dev.tokenledger.processor.budget.BudgetKeys;
import dev.tokenledger.processor.calendar.CalendarPeriods;
import dev.tokenledger.processor.calendar.PeriodWindow;
import dev.tokenledger.processor.streams.TopologySerdes;
import dev.tokenledger.processor.streams.runtime.RecordPublisher;
import dev.tokenledger.processor.streams.runtime.TopicProvisioner;
import dev.tokenledger.schemas.Topics;
import dev.tokenledger.schemas.registry.CachingSchemaRegistry;
import dev.tokenledger.schemas.registry.RegistryConfig;
import dev.tokenledger.schemas.testing.StackEnv;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Streams app as an OS process on the local stack: a day's spend whose burn rate projects the limit
 * before the day ends gets a FORECAST, and the crossing follows as a separate record when the spend
 * gets there. Event times are the real clock's (forecasts are made for the period running now).
 */
class BudgetForecastIT {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");   // the org zone StreamsProcess writes
  private static final int PARTITIONS = 2;
  /** 1 000 input + 500 output tokens of claude-sonnet-4-5 at the shipped 3 / 15 USD per million. */
  private static final BigDecimal COST_PER_EVENT = new BigDecimal("0.0105");

  @RegisterExtension
  final StreamsRun run = new StreamsRun("fc");
  private final Topics topics = run.topics;

  @Test
  void aForecastArrivesBeforeTheCrossing() throws Exception {
    Instant now = Instant.now();
    PeriodWindow day = new CalendarPeriods(BERLIN).of(Period.DAY, now);
    Duration elapsed = Duration.between(day.start(), now);
    assumeThat(elapsed).as("too close to midnight in Berlin").isGreaterThan(Duration.ofMinutes(5));
    assumeThat(Duration.between(now, day.end())).as("too close to midnight in Berlin").isGreaterThan(Duration.ofMinutes(20));

    String bootstrap = StackEnv.bootstrapServers();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      new TopicProvisioner(admin).ensure(topics, PARTITIONS, (short) 1);
    }
    TopologySerdes serdes = TopologySerdes.create(CachingSchemaRegistry.connect(RegistryConfig.of(StackEnv.registryUrl())));
    BigDecimal spend = COST_PER_EVENT.multiply(BigDecimal.TEN);   // one event of 10 000 + 5 000 tokens
    // the projection the processor makes a little later (at most 5 min) is at least spend × day / (elapsed + 5 min):
    // a limit halfway between the spend and that is forecast but not reached
    BigDecimal factor = BigDecimal.valueOf(Duration.between(day.start(), day.end()).toMillis())
        .divide(BigDecimal.valueOf(elapsed.plusMinutes(5).toMillis()), 12, RoundingMode.DOWN);
    BigDecimal limit = spend.multiply(BigDecimal.ONE.add(factor)).divide(BigDecimal.valueOf(2), 9, RoundingMode.DOWN);
    assertThat(limit).isGreaterThan(spend);
    Budget budget = Budget.newBuilder().setBudgetId("fc-daily").setOrgId("acme").setScope(Scope.ORG).setScopeValue("acme")
        .setPeriod(Period.DAY).setLimitUsd(limit).setThresholdsPercent(List.of(100)).setUpdatedTime(now).build();
    RecordPublisher.publish(bootstrap, topics.budgets(), serdes.budget(), List.of(new AbstractMap.SimpleEntry<>(BudgetKeys.of(budget), budget)));
    publish(bootstrap, serdes, List.of(claude("fc-a", now.minusSeconds(60)).setOrgId("acme").setTokens(tokens(10_000, 5_000, 0, 0, 0))
        .build()));

    List<BudgetBreach> breaches = new ArrayList<>();
    try (var reader = new CommittedReader<>(bootstrap, topics.breaches(), PARTITIONS, serdes.breach().deserializer(),
        (k, v) -> breaches.add(v))) {
      run.start(run.writeConfig(PARTITIONS, "[budgets]\nforecast_min_elapsed = \"1m\"\n"), "run.log");
      await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200)).until(() -> {
        reader.poll();
        return !breaches.isEmpty();
      });
      assertThat(breaches).singleElement().satisfies(f -> {
        assertThat(f.getKind()).isEqualTo(BreachKind.FORECAST);
        assertThat(f.getBreachId()).isEqualTo(BudgetBreachDetector.forecastId(budget, day.start(), 100));
        assertThat(f.getThresholdPercent()).isEqualTo(100);
        assertThat(f.getSpendUsd()).isEqualByComparingTo(spend);
        assertThat(f.getProjectedSpendUsd()).isGreaterThanOrEqualTo(limit);
      });

      int more = limit.subtract(spend).divide(COST_PER_EVENT, 0, RoundingMode.UP).intValueExact() + 1;
      publish(bootstrap, serdes, events("fc-b-", more, now.minusSeconds(30)));
      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
        reader.poll();
        return breaches.size() >= 2;
      });
      Thread.sleep(2_000);   // a forecast repeated or a crossing twice would show now
      reader.poll();
      assertThat(breaches).extracting(b -> b.getKind() + " " + b.getThresholdPercent())
          .containsExactly("FORECAST 100", "CROSSED 100");
      assertThat(breaches.get(1).getBreachId()).isEqualTo(BudgetBreachDetector.breachId(budget, day.start(), 100));
    }
  }

  private static List<UsageEvent> events(String prefix, int n, Instant t) {
    List<UsageEvent> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(claude(prefix + i, t.plusMillis(i)).setOrgId("acme").setTokens(tokens(1_000, 500, 0, 0, 0)).build());
    }
    return out;
  }

  private void publish(String bootstrap, TopologySerdes serdes, List<UsageEvent> events) {
    List<Map.Entry<String, UsageEvent>> records = new ArrayList<>();
    events.forEach(e -> records.add(new AbstractMap.SimpleEntry<>(e.getEventId(), e)));
    RecordPublisher.publish(bootstrap, topics.usageEvents(), serdes.usageEvent(), records);
  }
}
