package dev.tokenledger.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.agent.AgentMain;
import dev.tokenledger.agent.source.SourceEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --config FILE --validate}: like the other roles, parse, print the effective configuration, exit 0 or 2. */
class ValidateCommandLineTest {

  @TempDir
  Path home;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(Map<String, String> env, String... args) {
    return AgentMain.execute(args, List::of, new SourceEnvironment(env, home),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void aValidFilePrintsTheEffectiveConfigurationWithSecretsMaskedAndExitsZero() throws IOException {
    Path file = home.resolve("agent.toml");
    Files.writeString(file, """
        [org]
        id = "acme"
        [privacy]
        hash_salt = "a-long-secret-salt-value"
        """);
    int code = run(Map.of("TOKENLEDGER_BOOTSTRAP_SERVERS", "kafka:9092"), "--config", file.toString(), "--validate",
        "--state-dir", home.resolve("st").toString());
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(code).isZero();
    assertThat(printed).startsWith("configuration OK (" + file + "):")
        .contains("[org]\nid = \"acme\"").contains("bootstrap_servers = \"kafka:9092\"")
        .contains("hash_salt = \"********\"").doesNotContain("a-long-secret-salt-value")
        .contains("dir = \"" + home.resolve("st") + "\"");
  }

  @Test
  void anInvalidFileListsEveryProblemAndExitsTwo() throws IOException {
    Path file = home.resolve("agent.toml");
    Files.writeString(file, """
        [intake]
        port = 70000
        [scan]
        interval = "soon"
        colour = "blue"
        """);
    int code = run(Map.of(), "--config", file.toString(), "--validate");
    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown key scan.colour")
        .contains("intake.port must be between 0 and 65535").contains("scan.interval must be a duration");
    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("configuration OK");
  }

  @Test
  void aPropertiesFileStillValidates() throws IOException {
    Path file = home.resolve("agent.properties");
    Files.writeString(file, "team=platform\n");
    assertThat(run(Map.of(), "--config", file.toString(), "--validate")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("[user]").contains("team = \"platform\"");
  }

  @Test
  void validateBeforeACommandOnlyValidates() throws IOException {
    Path file = home.resolve("agent.toml");
    Files.writeString(file, "[state]\ndir = \"" + home.resolve("state") + "\"\n");
    assertThat(run(Map.of(), "--config", file.toString(), "--validate", "backfill", "--dry-run")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("configuration OK");
    assertThat(home.resolve("state")).doesNotExist();
  }

  @Test
  void doctorReportsTheTomlFileItParsed() throws IOException {
    Path file = home.resolve("agent.toml");
    Files.writeString(file, "[intake]\nport = 0\n[state]\ndir = \"" + home.resolve("state") + "\"\n");
    run(Map.of("TOKENLEDGER_BOOTSTRAP_SERVERS", "127.0.0.1:1", "TOKENLEDGER_AGENT_PUBLISH_REQUEST_TIMEOUT", "1s"),
        "--config", file.toString(), "doctor");
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("[PASS] config").contains("parsed from " + file);
  }
}
