package dev.tokenledger.processor.it;

import static dev.tokenledger.schemas.testing.UsageEvents.claude;
import static dev.tokenledger.schemas.testing.UsageEvents.tokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenledger.events.Budget;
import dev.tokenledger.events.BudgetBreach;
import dev.tokenledger.events.Period;
import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.events.Scope;
import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.events.UsageRollup;
import dev.tokenledger.processor.budget.BudgetBreachDetector;
import dev.tokenledger.processor.budget.BudgetKeys;
import dev.tokenledger.processor.calendar.CalendarPeriods;
import dev.tokenledger.processor.calendar.PeriodWindow;
import dev.tokenledger.processor.rollup.RollupKey;
import dev.tokenledger.processor.streams.TopologySerdes;
import dev.tokenledger.processor.streams.runtime.RecordPublisher;
import dev.tokenledger.processor.streams.runtime.TopicProvisioner;
import dev.tokenledger.schemas.Topics;
import dev.tokenledger.schemas.registry.CachingSchemaRegistry;
import dev.tokenledger.schemas.registry.RegistryConfig;
import dev.tokenledger.schemas.testing.StackEnv;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Streams app as a separate OS process on the shared local stack: publish a known event set, kill
 * the app hard mid-stream, publish the rest (with duplicates), restart it, and check that the priced
 * events, rollups and breaches equal the expected values exactly (read_committed).
 */
class StreamsKillRestartIT {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final Instant DAY = Instant.parse("2026-11-20T08:00:00Z"); // 09:00 in Berlin
  private static final int PARTITIONS = 3;
  private static final int EVENTS = 2_000;
  private static final int USERS = 5;
  private static final int SESSIONS = 8;
  /** 1 000 input + 500 output tokens of claude-sonnet-4-5 at the shipped 3 / 15 USD per million. */
  private static final BigDecimal COST_PER_EVENT = new BigDecimal("0.0105");

  @RegisterExtension
  final StreamsRun run = new StreamsRun("it");
  private final Topics topics = run.topics;

  @Test
  void aHardKilledAppRestartsWithExactlyTheExpectedRollupsAndBreaches() throws Exception {
    String bootstrap = StackEnv.bootstrapServers();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      new TopicProvisioner(admin).ensure(topics, PARTITIONS, (short) 1);
    }
    TopologySerdes serdes = TopologySerdes.create(CachingSchemaRegistry.connect(RegistryConfig.of(StackEnv.registryUrl())));
    BigDecimal expectedTotal = COST_PER_EVENT.multiply(BigDecimal.valueOf(EVENTS)).setScale(9);
    BigDecimal limit = expectedTotal.subtract(BigDecimal.ONE);   // all three thresholds are crossed
    Budget budget = Budget.newBuilder().setBudgetId("acme-daily").setOrgId("acme").setScope(Scope.ORG).setScopeValue("acme")
        .setPeriod(Period.DAY).setLimitUsd(limit).setUpdatedTime(DAY).build();
    RecordPublisher.publish(bootstrap, topics.budgets(), serdes.budget(), List.of(new AbstractMap.SimpleEntry<>(BudgetKeys.of(budget), budget)));

    List<UsageEvent> events = new ArrayList<>();
    for (int i = 0; i < EVENTS; i++) {
      events.add(claude("it-evt-" + i, DAY.plusMillis(i * 10_000L))
          .setOrgId("acme").setUserId("user-" + (i % USERS)).setSessionId("session-" + (i % SESSIONS))
          .setTokens(tokens(1_000, 500, 0, 0, 0)).build());
    }
    List<UsageEvent> firstHalf = events.subList(0, EVENTS / 2);
    List<UsageEvent> secondHalf = events.subList(EVENTS / 2, EVENTS);
    publish(bootstrap, serdes, firstHalf);

    Path config = writeConfig();
    Map<String, PricedUsage> priced = new HashMap<>();
    int[] pricedRecords = {0};
    Map<String, UsageRollup> rollups = new HashMap<>();
    List<BudgetBreach> breaches = new ArrayList<>();
    try (var pricedReader = new CommittedReader<>(bootstrap, topics.priced(), PARTITIONS, serdes.priced().deserializer(),
            (k, v) -> { priced.put(k, v); pricedRecords[0]++; });
        var rollupReader = new CommittedReader<>(bootstrap, topics.rollups(), PARTITIONS, serdes.rollup().deserializer(), rollups::put);
        var breachReader = new CommittedReader<>(bootstrap, topics.breaches(), PARTITIONS, serdes.breach().deserializer(),
            (k, v) -> breaches.add(v))) {

      run.start(config, "run-1.log");
      await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ZERO).until(() -> {
        pricedReader.poll();
        return !priced.isEmpty();
      });
      run.kill();   // mid-stream: some of the first half is committed, some is not
      int pricedAtKill = priced.size();

      publish(bootstrap, serdes, secondHalf);
      publish(bootstrap, serdes, firstHalf.subList(0, 300));    // re-published logs: duplicates
      run.start(config, "run-2.log");

      CalendarPeriods periods = new CalendarPeriods(BERLIN);
      PeriodWindow day = periods.of(Period.DAY, DAY);
      String orgDay = new RollupKey("acme", Scope.ORG, "acme", Period.DAY, day.start()).asString();
      await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
        pricedReader.poll();
        rollupReader.poll();
        breachReader.poll();
        assertThat(rollups.get(orgDay)).isNotNull();
        assertThat(rollups.get(orgDay).getRequests()).isEqualTo(EVENTS);
      });
      // let any further (wrong) output surface before the exact checks
      for (int i = 0; i < 10; i++) {
        pricedReader.poll();
        rollupReader.poll();
        breachReader.poll();
      }
      assertThat(pricedAtKill).isLessThan(EVENTS);
      assertThat(priced).hasSize(EVENTS);
      assertThat(pricedRecords[0]).as("priced records, committed exactly once").isEqualTo(EVENTS);

      UsageRollup org = rollups.get(orgDay);
      assertThat(org.getCost()).isEqualTo(expectedTotal);
      assertThat(org.getSessions()).isEqualTo(SESSIONS);
      assertThat(org.getTokens().getInput()).isEqualTo(1_000L * EVENTS);
      assertThat(org.getTokens().getOutput()).isEqualTo(500L * EVENTS);
      for (int u = 0; u < USERS; u++) {
        UsageRollup user = rollups.get(new RollupKey("acme", Scope.USER, "user-" + u, Period.MONTH, periods.of(Period.MONTH, DAY).start()).asString());
        assertThat(user.getRequests()).isEqualTo(EVENTS / USERS);
        assertThat(user.getCost()).isEqualTo(COST_PER_EVENT.multiply(BigDecimal.valueOf(EVENTS / USERS)).setScale(9));
      }
      assertThat(breaches).extracting(BudgetBreach::getBreachId).containsExactlyInAnyOrder(
          BudgetBreachDetector.breachId(budget, day.start(), 50), BudgetBreachDetector.breachId(budget, day.start(), 80),
          BudgetBreachDetector.breachId(budget, day.start(), 100));
      for (BudgetBreach b : breaches) {
        BigDecimal needed = limit.multiply(BigDecimal.valueOf(b.getThresholdPercent())).divide(BigDecimal.valueOf(100));
        // the triggering event is the first whose cumulative cost reached the threshold
        int n = needed.divide(COST_PER_EVENT, 0, java.math.RoundingMode.CEILING).intValueExact();
        assertThat(b.getSpendUsd()).isEqualTo(COST_PER_EVENT.multiply(BigDecimal.valueOf(n)).setScale(9));
      }
    }
  }

  private void publish(String bootstrap, TopologySerdes serdes, List<UsageEvent> events) {
    List<Map.Entry<String, UsageEvent>> records = new ArrayList<>();
    events.forEach(e -> records.add(new AbstractMap.SimpleEntry<>(e.getEventId(), e)));
    RecordPublisher.publish(bootstrap, topics.usageEvents(), serdes.usageEvent(), records);
  }

  private Path writeConfig() throws Exception {
    return run.writeConfig(PARTITIONS, "");
  }
}
