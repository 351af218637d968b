package dev.tokenledger.processor.it;

import static dev.tokenledger.schemas.testing.UsageEvents.claude;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenledger.events.ModelPrice;
import dev.tokenledger.events.PriceSource;
import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.pricing.Money;
import dev.tokenledger.pricing.PriceKey;
import dev.tokenledger.processor.streams.TopologySerdes;
import dev.tokenledger.processor.streams.runtime.RecordPublisher;
import dev.tokenledger.processor.streams.runtime.TopicProvisioner;
import dev.tokenledger.schemas.registry.CachingSchemaRegistry;
import dev.tokenledger.schemas.registry.RegistryConfig;
import dev.tokenledger.schemas.testing.StackEnv;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The stream processor's operator listener on the local stack: ready once running, its counters of
 * priced and duplicate events move with what it processes (what a Prometheus scrape would see), and the
 * gauges of events waiting for a price follow an unknown model's event until its price arrives.
 */
class StreamsOperationsIT {

  @RegisterExtension
  final StreamsRun run = new StreamsRun("ops");
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void readyWhenRunningAndItsCountersMoveWithTheEvents() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, StackEnv.bootstrapServers()))) {
      new TopicProvisioner(admin).ensure(run.topics, 2, (short) 1);
    }
    run.start(run.writeConfig(2, "[ops]\nport = " + port + "\n[pricing]\nreprice_interval = \"1s\"\n"), "run.log");
    String base = "http://127.0.0.1:" + port;
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
        .until(() -> get(base + "/health/ready").statusCode() == 200);
    assertThat(get(base + "/health/live").body()).contains("\"role\":\"streams\"");

    TopologySerdes serdes = TopologySerdes.create(CachingSchemaRegistry.connect(RegistryConfig.of(StackEnv.registryUrl())));
    Instant t = Instant.now().minusSeconds(60);
    List<Map.Entry<String, UsageEvent>> records = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      UsageEvent e = claude("ops-" + i, t.plusMillis(i)).build();
      records.add(new AbstractMap.SimpleEntry<>(e.getEventId(), e));
    }
    records.add(records.get(0));   // the same event again: a duplicate
    RecordPublisher.publish(StackEnv.bootstrapServers(), run.topics.usageEvents(), serdes.usageEvent(), records);

    await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      String metrics = get(base + "/metrics").body();
      assertThat(sum(metrics, "kafka_stream_tokenledger_priced_total")).isEqualTo(5.0);
      assertThat(sum(metrics, "kafka_stream_tokenledger_duplicate_total")).isEqualTo(1.0);
      assertThat(metrics).contains("kafka_stream_client_state").contains("jvm_memory_used_bytes");
      assertThat(metrics).contains("kafka_stream_tokenledger_parked_events{");
      assertThat(sum(metrics, "kafka_stream_tokenledger_parked_events")).isZero();
    });

    // an event of a model without a price is parked: the gauges show it, and its wait grows
    UsageEvent mystery = claude("ops-mystery", t).setProvider("acme-ai").setModel("mystery-ops").build();
    RecordPublisher.publish(StackEnv.bootstrapServers(), run.topics.usageEvents(), serdes.usageEvent(),
        List.of(new AbstractMap.SimpleEntry<>(mystery.getEventId(), mystery)));
    double[] firstAge = new double[1];
    await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      String metrics = get(base + "/metrics").body();
      assertThat(sum(metrics, "kafka_stream_tokenledger_parked_events")).isEqualTo(1.0);
      firstAge[0] = max(metrics, "kafka_stream_tokenledger_parked_oldest_age_seconds");
      assertThat(firstAge[0]).isPositive();
    });
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
        assertThat(max(get(base + "/metrics").body(), "kafka_stream_tokenledger_parked_oldest_age_seconds"))
            .as("the oldest parked event's wait grows while it waits").isGreaterThan(firstAge[0] + 1));

    // its price arrives: the event is priced and nothing waits any more
    ModelPrice price = ModelPrice.newBuilder().setProvider("acme-ai").setModel("mystery-ops").setVersion("acme:1")
        .setSource(PriceSource.OVERRIDE).setEffectiveFrom(t.minusSeconds(3600))
        .setInputPerToken(Money.perMillionToPerToken(BigDecimal.ONE)).setOutputPerToken(Money.perMillionToPerToken(BigDecimal.ONE))
        .setAliases(List.of()).build();
    RecordPublisher.publish(StackEnv.bootstrapServers(), run.topics.prices(), serdes.price(),
        List.of(new AbstractMap.SimpleEntry<>(PriceKey.of(price).toString(), price)));
    await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
      String metrics = get(base + "/metrics").body();
      assertThat(sum(metrics, "kafka_stream_tokenledger_parked_events")).isZero();
      assertThat(max(metrics, "kafka_stream_tokenledger_parked_oldest_age_seconds")).isZero();
      assertThat(sum(metrics, "kafka_stream_tokenledger_repriced_total")).isEqualTo(1.0);
    });
  }

  /** The largest value over every series of one metric (0 when none). */
  private static double max(String metrics, String name) {
    return metrics.lines().filter(l -> l.startsWith(name + "{"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).max().orElse(0);
  }

  /** The sum over every series (tasks, threads) of one metric. */
  private static double sum(String metrics, String name) {
    return metrics.lines().filter(l -> l.startsWith(name + "{"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
