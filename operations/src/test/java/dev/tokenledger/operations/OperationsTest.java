package dev.tokenledger.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenledger.settings.TomlSettings;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's listener: metrics with the role tag, liveness, readiness that follows the role, nothing else. */
class OperationsTest {

  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir
  Path dir;

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private HttpResponse<String> get(int port, String path, String method) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesMetricsLivenessAndReadiness() throws Exception {
    AtomicBoolean ready = new AtomicBoolean(false);
    try (Operations ops = new Operations("sink")) {
      ops.registry().counter("tokenledger_test_rows").increment(3);
      int port = ops.serve(new OpsSettings("127.0.0.1", freePort()),
          () -> ready.get() ? Readiness.Status.ready("caught up") : Readiness.Status.notReady("warehouse \"down\""));
      HttpResponse<String> metrics = get(port, "/metrics", "GET");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type")).contains(OpsServer.PROMETHEUS_TEXT);
      assertThat(metrics.body()).contains("tokenledger_test_rows_total{role=\"sink\"} 3.0")
          .contains("jvm_memory_used_bytes{area=\"heap\"");
      assertThat(get(port, "/health/live", "GET").body()).isEqualTo("{\"status\":\"up\",\"role\":\"sink\"}");
      HttpResponse<String> notReady = get(port, "/health/ready", "GET");
      assertThat(notReady.statusCode()).isEqualTo(503);
      assertThat(notReady.body()).contains("\"detail\":\"warehouse \\\"down\\\"\"");
      ready.set(true);
      assertThat(get(port, "/health/ready", "GET").statusCode()).isEqualTo(200);
      assertThat(get(port, "/other", "GET").statusCode()).isEqualTo(404);
      assertThat(get(port, "/metrics", "POST").statusCode()).isEqualTo(405);
    }
  }

  @Test
  void offByDefaultAPortFromTheFileOrTheEnvironment() throws Exception {
    Path f = Files.writeString(dir.resolve("r.toml"), "[ops]\nport = 9464\n");
    assertThat(OpsSettings.parse(new TomlSettings(Optional.empty(), Map.of("ops", Set.of("host", "port"))), Map.of()).enabled()).isFalse();
    TomlSettings toml = new TomlSettings(Optional.of(f), Map.ofEntries(OpsSettings.KEYS));
    assertThat(OpsSettings.parse(toml, Map.of())).isEqualTo(new OpsSettings("127.0.0.1", 9464));
    assertThat(OpsSettings.parse(toml, Map.of(OpsSettings.ENV_PORT, "9470")).port()).isEqualTo(9470);
    TomlSettings bad = new TomlSettings(Optional.of(f), Map.ofEntries(OpsSettings.KEYS));
    OpsSettings.parse(bad, Map.of(OpsSettings.ENV_PORT, "http"));
    assertThatThrownBy(bad::throwIfErrors).hasMessageContaining("TOKENLEDGER_OPS_PORT: a port from 0 (off) to 65535, got 'http'");
    assertThat(new Operations("x").serve(OpsSettings.off(), () -> Readiness.Status.ready(""))).isZero();
  }
}
