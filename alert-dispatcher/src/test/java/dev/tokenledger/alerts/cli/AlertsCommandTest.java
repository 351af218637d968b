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
        [warehouse]
        url = "http://ch.internal:8123/SECRETPATH"
        user = "alerts_reader"
        password = "SECRETPASSWORD"
        """);
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new AlertsCommand());
    cli.setOut(new PrintWriter(out));
    int rc = cli.execute("--config", f.toString(), "--validate");
    assertThat(rc).isZero();
    assertThat(out.toString()).startsWith("configuration OK")
        .contains("channel ops: webhook https://hooks.example.com/***, signed with secret ****(secret)")
        .contains("channel eng: slack https://hooks.slack.com/***")
        .contains("warehouse: http://ch.internal:8123/*** database tokenledger user alerts_reader password ****(password),"
            + " timeout 5000 ms (top contributors in Slack messages)")
        .doesNotContain("SECRETPATH").doesNotContain("SECRETKEY").doesNotContain("SECRETPASSWORD");
  }

  @Test
  void validateSaysWhenTheWarehouseIsOff() throws Exception {
    Path f = dir.resolve("none.toml");
    Files.writeString(f, "");
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new AlertsCommand());
    cli.setOut(new PrintWriter(out));
    assertThat(cli.execute("--config", f.toString(), "--validate")).isZero();
    assertThat(out.toString()).contains("warehouse: off (Slack messages name no top contributors)");
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
