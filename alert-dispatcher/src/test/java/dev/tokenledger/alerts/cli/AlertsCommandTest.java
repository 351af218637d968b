package dev.tokenledger.alerts.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code alerts --validate}: the configuration printed, URLs and secrets masked; errors exit 2. */
class AlertsCommandTest {

  @TempDir
  Path dir;

  @Test
  void validatePrintsChannelsMasked() throws Exception {
    Path f = dir.resolve("alerts.toml");
    Files.writeString(f, """
        [[channel]]
        name = "ops"
        type = "webhook"
        url = "https://hooks.example.com/in/SECRETPATH"
        secret = "SECRETKEY"
        [[channel]]
        name = "eng"
        type = "slack"
        url = "https://hooks.slack.com/services/SECRETPATH"
        """);
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new AlertsCommand());
    cli.setOut(new PrintWriter(out));
    int rc = cli.execute("--config", f.toString(), "--validate");
    assertThat(rc).isZero();
    assertThat(out.toString()).startsWith("configuration OK")
        .contains("channel ops: webhook https://hooks.example.com/***, signed with secret ****(secret)")
        .contains("channel eng: slack https://hooks.slack.com/***")
        .doesNotContain("SECRETPATH").doesNotContain("SECRETKEY");
  }

  @Test
  void anInvalidConfigurationExitsWithTwo() throws Exception {
    Path f = dir.resolve("bad.toml");
    Files.writeString(f, "[[channel]]\nname = \"x\"\ntype = \"webhook\"\nurl = \"nope://SECRETPATH\"\n");
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new AlertsCommand());
    cli.setErr(new PrintWriter(err));
    assertThat(cli.execute("--config", f.toString(), "--validate")).isEqualTo(2);
    assertThat(err.toString()).contains("channel[0] (x).url").doesNotContain("SECRETPATH");
  }
}
