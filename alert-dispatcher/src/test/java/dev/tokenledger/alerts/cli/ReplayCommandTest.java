package dev.tokenledger.alerts.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code alerts replay}: a cluster that does not answer is one clear line and exit 3, bad options exit 2. */
class ReplayCommandTest {

  @TempDir
  Path dir;

  @Test
  void aClusterThatDoesNotAnswerIsReportedInOneLineWithExitThree() throws Exception {
    int closed = freePort();
    Path f = dir.resolve("alerts.toml");
    Files.writeString(f, "[kafka]\nbootstrap_servers = \"127.0.0.1:" + closed + "\"\n");
    StringWriter err = new StringWriter();
    StringWriter out = new StringWriter();
    ReplayCommand replay = new ReplayCommand();
    replay.environment = Map.of();   // the file's servers, not a stack's from the environment
    CommandLine cli = new CommandLine(replay);
    cli.setErr(new PrintWriter(err));
    cli.setOut(new PrintWriter(out));

    int rc = cli.execute("--config", f.toString(), "--timeout", "2s");

    assertThat(rc).as(err + "|" + out).isEqualTo(3);
    assertThat(err.toString()).startsWith("alerts replay: cannot read ")
        .contains("from Kafka at 127.0.0.1:" + closed + " within 2 s")
        .doesNotContain("\tat ");
    assertThat(err.toString().strip().lines()).hasSize(1);
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void aBadTimeoutExitsWithTwoNamingTheOption() {
    for (String bad : new String[] {"soon", "0s", "-5s", "2d"}) {
      StringWriter err = new StringWriter();
      CommandLine cli = new CommandLine(new ReplayCommand());
      cli.setErr(new PrintWriter(err));
      assertThat(cli.execute("--timeout", bad)).as(bad).isEqualTo(2);
      assertThat(err.toString()).as(bad).contains("--timeout:");
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
