package dev.tokenledger.processor.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.schemas.testing.StackEnv;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sink's operator listener: ready while consuming, its row counter and the consumer's lag as a scrape sees them. */
class SinkOperationsIT {

  @TempDir
  Path dir;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void readyWhileConsumingAndItsRowCounterMovesWithTheInserts() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (SinkFixture fx = new SinkFixture(); InProcessSink sinkRun = new InProcessSink("tl_sink_ops")) {
      List<PricedUsage> events = PricedEvents.batch("ops-", 40);
      fx.publishPriced(events);
      Path config = fx.writeConfig(dir, StackEnv.clickhouseUrl(), sinkRun.database, 10_000, "30s");
      Files.writeString(config, Files.readString(config) + "[ops]\nport = " + port + "\n");
      sinkRun.start(SinkFixture.settings(config));
      String base = "http://127.0.0.1:" + port;
      await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
          .until(() -> get(base + "/health/ready").statusCode() == 200);
      await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
          assertThat(get(base + "/metrics").body())
              .contains("tokenledger_sink_rows_total{role=\"sink\",table=\"usage_events\"} 40.0")
              .contains("tokenledger_sink_committed_batches_total{role=\"sink\"}")
              .contains("kafka_consumer_fetch_manager_records_lag_max"));
      assertThat(sinkRun.value("SELECT count() FROM usage_events")).isEqualTo("40");
    }
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
