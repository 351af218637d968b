package dev.tokenledger.processor.it;

import static dev.tokenledger.schemas.testing.UsageEvents.claude;
import static dev.tokenledger.schemas.testing.UsageEvents.tokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenledger.events.Budget;
import dev.tokenledger.events.BudgetBreach;
import dev.tokenledger.events.ModelPrice;
import dev.tokenledger.events.Period;
import dev.tokenledger.events.PriceSource;
import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.events.RejectReason;
import dev.tokenledger.events.RejectedEvent;
import dev.tokenledger.events.Scope;
import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.processor.budget.BudgetKeys;
import dev.tokenledger.pricing.Money;
import dev.tokenledger.pricing.PriceKey;
import dev.tokenledger.processor.streams.TopologySerdes;
import dev.tokenledger.processor.streams.runtime.ParkedEvents;
import dev.tokenledger.processor.streams.runtime.RecordPublisher;
import dev.tokenledger.processor.streams.runtime.TopicProvisioner;
import dev.tokenledger.schemas.Topics;
import dev.tokenledger.schemas.registry.CachingSchemaRegistry;
import dev.tokenledger.schemas.registry.RegistryConfig;
import dev.tokenledger.schemas.testing.StackEnv;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Ordinary faults against the stream processor as a separate OS process on the real local stack
 * (issue: one bad event never stops the organisation). One run, many faults: events 3 h and 2 days in
 * the future beside normal ones, an unknown model then its price (effective after the event), a model
 * that never gets a price, an organisation override against a newer list snapshot on a dated model
 * name, a limit raised after a breach, and undecodable control records. Throughout, the process stays
 * alive, every normal event is priced and every bad one is on the rejected topic with its reason.
 */
class StreamsFaultsIT {

  private static final int PARTITIONS = 2;
  private static final Duration WAIT = Duration.ofMinutes(2);

  @RegisterExtension
  final StreamsRun run = new StreamsRun("faults");
  private final Topics topics = run.topics;

  private static BigDecimal usd(String v) {
    return new BigDecimal(v).setScale(9);
  }

  @Test
  void badInputIsRejectedWithItsReasonAndEverythingElseIsCounted() throws Exception {
    String bootstrap = StackEnv.bootstrapServers();
    TopologySerdes serdes = TopologySerdes.create(CachingSchemaRegistry.connect(RegistryConfig.of(StackEnv.registryUrl())));
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      new TopicProvisioner(admin).ensure(topics, PARTITIONS, (short) 1);
      await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->   // metadata of a topic just created
          assertThat(new TopicProvisioner(admin).timestampType(topics.usageEvents())).isEqualTo(Topics.LOG_APPEND_TIME));
    }
    Path overrides = run.dir().resolve("overrides.toml");
    Files.writeString(overrides, """
        [pricing.openai]
        "gpt-4o" = { input = 1.00, output = 4.00, effective_from = "2026-01-01" }
        """);
    String app = run.applicationId;
    Path config = run.writeConfig(PARTITIONS, """
        [events]
        parked_max_age = "20s"
        [pricing]
        reprice_interval = "1s"
        overrides_file = "%s"
        """.formatted(overrides));
    run.start(config, "streams.log");

    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Instant hourAgo = now.minus(Duration.ofHours(1));
    // a newer list snapshot for gpt-4o than the override's effective-from: the override must still win
    ModelPrice newerList = ModelPrice.newBuilder().setProvider("openai").setModel("gpt-4o").setVersion("litellm:newer")
        .setSource(PriceSource.LITELLM).setEffectiveFrom(Instant.parse("2026-06-01T00:00:00Z"))
        .setInputPerToken(Money.perMillionToPerToken(new BigDecimal("50"))).setOutputPerToken(Money.perMillionToPerToken(
            new BigDecimal("50"))).setAliases(List.of()).build();
    RecordPublisher.publish(bootstrap, topics.prices(), serdes.price(), List.of(entry(PriceKey.of(newerList).toString(), newerList)));
    Budget budget = Budget.newBuilder().setBudgetId("daily").setOrgId("faults").setScope(Scope.ORG).setScopeValue("faults")
        .setPeriod(Period.DAY).setLimitUsd(usd("1")).setThresholdsPercent(List.of(50, 100)).setUpdatedTime(now).build();
    RecordPublisher.publish(bootstrap, topics.budgets(), serdes.budget(), List.of(entry(BudgetKeys.of(budget), budget)));
    // undecodable control records
    publishRaw(bootstrap, topics.prices(), "anthropic/claude-x@2026-01-01T00:00:00Z", "garbage".getBytes(StandardCharsets.UTF_8));
    publishRaw(bootstrap, topics.budgets(), "faults|junk", new byte[] {0, 0, 0, 0, 0});

    List<UsageEvent> events = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      events.add(org(claude("normal-" + i, hourAgo.plusSeconds(i))).setTokens(tokens(100_000, 0, 0, 0, 0)).build());   // $0.30 each
    }
    events.add(org(claude("future-3h", now.plus(Duration.ofHours(3)))).build());
    events.add(org(claude("future-2d", now.plus(Duration.ofDays(2)))).build());
    events.add(org(claude("mystery", now.minus(Duration.ofDays(2)))).setProvider("acme-ai").setModel("mystery-1").build());
    events.add(org(claude("never", hourAgo)).setProvider("acme-ai").setModel("never-priced-1").build());
    events.add(org(claude("dated-4o", hourAgo)).setProvider("openai").setModel("gpt-4o-2024-08-06")
        .setTokens(tokens(1_000_000, 0, 0, 0, 0)).build());   // override: $1; newer list: $50
    publish(bootstrap, serdes, events);

    Map<String, PricedUsage> priced = new ConcurrentHashMap<>();
    Map<String, RejectedEvent> rejected = new ConcurrentHashMap<>();
    List<BudgetBreach> breaches = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<RejectedEvent> allRejected = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (var pr = new CommittedReader<>(bootstrap, topics.priced(), PARTITIONS, serdes.priced().deserializer(), priced::put);
        var rr = new CommittedReader<>(bootstrap, topics.rejected(), PARTITIONS, serdes.rejected().deserializer(),
            (k, v) -> {
              rejected.put(v.getReason() + ":" + k, v);
              allRejected.add(v);
            });
        var br = new CommittedReader<>(bootstrap, topics.breaches(), PARTITIONS, serdes.breach().deserializer(),
            (k, v) -> breaches.add(v))) {
      Runnable poll = () -> {
        pr.poll();
        rr.poll();
        br.poll();
      };
      await().atMost(WAIT).pollInterval(Duration.ZERO).untilAsserted(() -> {
        poll.run();
        assertThat(priced.keySet()).contains("normal-0", "normal-1", "normal-2", "dated-4o");
        assertThat(rejected.keySet()).contains("FUTURE_EVENT_TIME:future-3h", "FUTURE_EVENT_TIME:future-2d",
            "UNKNOWN_MODEL:mystery", "UNKNOWN_MODEL:never");
        assertThat(breaches).extracting(BudgetBreach::getThresholdPercent).contains(50);
      });
      // the override beat the newer list snapshot, also for the dated name
      assertThat(priced.get("dated-4o").getPriceVersion()).startsWith("override:");
      assertThat(priced.get("dated-4o").getCost().getTotal()).isEqualByComparingTo("1");
      // both bad control records were reported, from their topics
      await().atMost(WAIT).untilAsserted(() -> {
        poll.run();
        assertThat(rejected.values()).filteredOn(r -> r.getReason() == RejectReason.DESERIALIZATION)
            .extracting(RejectedEvent::getSourceTopic).containsExactlyInAnyOrder(topics.prices(), topics.budgets());
      });
      // the parked events are visible per model
      assertThat(ParkedEvents.read(bootstrap, app, serdes.usageEvent(), Duration.ofSeconds(30)))
          .extracting(ParkedEvents.Waiting::model).contains("mystery-1");

      // a price for mystery-1 arrives, effective now (after the event): the event is priced with it
      ModelPrice mysteryPrice = ModelPrice.newBuilder().setProvider("acme-ai").setModel("mystery-1").setVersion("acme:1")
          .setSource(PriceSource.OVERRIDE).setEffectiveFrom(now).setInputPerToken(Money.perMillionToPerToken(BigDecimal.ONE))
          .setOutputPerToken(Money.perMillionToPerToken(BigDecimal.ONE)).setAliases(List.of()).build();
      RecordPublisher.publish(bootstrap, topics.prices(), serdes.price(), List.of(entry(PriceKey.of(mysteryPrice).toString(),
          mysteryPrice)));
      // the limit is raised to $2 after the 50% breach; more spend crosses 50% of the new limit
      Budget raised = Budget.newBuilder(budget).setLimitUsd(usd("2")).build();
      RecordPublisher.publish(bootstrap, topics.budgets(), serdes.budget(), List.of(entry(BudgetKeys.of(raised), raised)));
      await().atMost(WAIT).untilAsserted(() -> {
        poll.run();
        assertThat(priced).containsKey("mystery");
        assertThat(rejected).containsKey("PRICE_WAIT_EXPIRED:never");
      });
      publish(bootstrap, serdes, List.of(org(claude("more", hourAgo.plusSeconds(10))).setTokens(tokens(100_000, 0, 0, 0, 0)).build()));
      await().atMost(WAIT).untilAsserted(() -> {
        poll.run();
        assertThat(breaches).extracting(BudgetBreach::getBreachId).anyMatch(id -> id.endsWith("|50|2"));
      });
      assertThat(run.isAlive()).as("the stream processor survived every fault").isTrue();

      // a restart reports nothing twice: the control-topic rejections are remembered, the parked event is gone
      assertThat(run.stop()).as("stopped by SIGTERM").isIn(0, 143);
      run.start(config, "streams-2.log");
      publish(bootstrap, serdes, List.of(org(claude("after-restart", hourAgo.plusSeconds(20))).build()));
      await().atMost(WAIT).untilAsserted(() -> {
        poll.run();
        assertThat(priced).containsKey("after-restart");
      });
      poll.run();
      assertThat(allRejected).filteredOn(r -> r.getReason() == RejectReason.DESERIALIZATION).hasSize(2);
      assertThat(allRejected).filteredOn(r -> r.getReason() == RejectReason.PRICE_WAIT_EXPIRED).hasSize(1);
    }
    assertThat(priced.get("mystery").getPriceEffectiveFrom()).isEqualTo(now);
    assertThat(priced).doesNotContainKeys("future-3h", "future-2d", "never");
    assertThat(breaches).extracting(BudgetBreach::getBreachId).doesNotHaveDuplicates();
    assertThat(Files.readString(run.dir().resolve("streams.log"))).doesNotContain("-> ERROR", "InvalidTimestampException");
  }

  private static UsageEvent.Builder org(UsageEvent.Builder b) {
    return b.setOrgId("faults");
  }

  private static <V> Map.Entry<String, V> entry(String k, V v) {
    return new AbstractMap.SimpleEntry<>(k, v);
  }

  private void publish(String bootstrap, TopologySerdes serdes, List<UsageEvent> events) {
    List<Map.Entry<String, UsageEvent>> records = new ArrayList<>();
    events.forEach(e -> records.add(entry(e.getEventId(), e)));
    RecordPublisher.publish(bootstrap, topics.usageEvents(), serdes.usageEvent(), records);
  }

  private static void publishRaw(String bootstrap, String topic, String key, byte[] value) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (var producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      producer.send(new ProducerRecord<>(topic, key, value));
      producer.flush();
    }
  }
}
