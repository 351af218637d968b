package dev.tokenledger.schemas.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenledger.schemas.testing.PrivateStack;
import dev.tokenledger.schemas.testing.StackEnv;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stack scripts themselves: idempotent start, recovery after a crash, clear port conflicts. */
class LocalStackIT {

  @TempDir Path dir;

  @Test
  void startingTwiceAndAfterACrashStillWorks() throws Exception {
    try (PrivateStack stack = PrivateStack.start(dir, "kafka", "clickhouse")) {
      stack.start("kafka"); // already running: must not fail nor start a second broker
      stack.start("clickhouse");
      stack.kill("kafka"); // SIGKILL leaves a stale pid file and an unclean log directory
      stack.kill("clickhouse");
      assertThat(Files.exists(dir.resolve("run/kafka.pid"))).isTrue();
      stack.start("kafka");
      stack.start("clickhouse");
      assertThat(ping(stack.clickhouseUrl() + "/ping")).isEqualTo("Ok.");
      assertThat(stack.status()).contains("kafka       up").contains("clickhouse  up");
      stack.stop("kafka");
      assertThat(stack.status()).contains("kafka       down").contains("clickhouse  up");
    }
  }

  @Test
  void aPortTakenByAnotherProcessIsAClearError() throws Exception {
    try (ServerSocket squatter = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      ProcessBuilder pb = new ProcessBuilder("bash", StackEnv.repoRoot().resolve("infra/stack.sh").toString(), "up", "clickhouse");
      pb.environment().put("TOKENLEDGER_STACK_DIR", dir.toString());
      pb.environment().put("TOKENLEDGER_CLICKHOUSE_PORT", String.valueOf(squatter.getLocalPort()));
      pb.redirectErrorStream(true);
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isNotZero();
      assertThat(out).contains("port " + squatter.getLocalPort()).contains("already in use");
    }
    assertThatThrownBy(() -> Files.readString(dir.resolve("run/clickhouse.pid"))).isInstanceOf(java.nio.file.NoSuchFileException.class);
  }

  private static String ping(String url) throws Exception {
    return HttpClient.newHttpClient()
        .send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
        .body()
        .trim();
  }
}
