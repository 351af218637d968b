package dev.tokenledger.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.agent.AgentMain;
import dev.tokenledger.agent.config.AgentConfigLoader;
import dev.tokenledger.agent.source.SourceEnvironment;
import dev.tokenledger.agent.testing.TestLogSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code install --dry-run} / {@code uninstall --dry-run} for both service managers: exact output, nothing changed. */
class InstallCommandTest {

  @TempDir
  Path tmp;

  Path home;
  Path jar;
  String out;
  String err;

  @BeforeEach
  void distribution() throws Exception {
    home = Files.createDirectories(tmp.resolve("home dir")); // a space, to see the quoting
    Path dist = Files.createDirectories(tmp.resolve("dist/lib"));
    jar = Files.writeString(tmp.resolve("dist/collector-agent.jar"), "jar");
    Files.writeString(dist.resolve("kafka-clients-4.1.0.jar"), "lib");
    Files.writeString(dist.resolve("avro-1.12.0.jar"), "lib");
  }

  int run(String... args) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code = AgentMain.execute(args, () -> List.of(new TestLogSource()), new SourceEnvironment(Map.of(), home),
        new PrintStream(o, true, StandardCharsets.UTF_8), new PrintStream(e, true, StandardCharsets.UTF_8));
    out = o.toString(StandardCharsets.UTF_8);
    err = e.toString(StandardCharsets.UTF_8);
    return code;
  }

  List<Path> filesUnderHome() throws Exception {
    try (Stream<Path> s = Files.walk(home)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }

  static final String JVM = "-Xms8m -Xmx96m -Xss256k -XX:+UseSerialGC -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30"
      + " -XX:TieredStopAtLevel=1 -XX:MaxMetaspaceSize=96m -XX:ReservedCodeCacheSize=24m -XX:CICompilerCount=1"
      + " -XX:+ExitOnOutOfMemoryError";

  @Test
  void systemdDryRunPrintsTheCopiesTheUnitTheTemplateAndTheCommands() throws Exception {
    assertThat(run("install", "--dry-run", "--manager", "systemd", "--jar", jar.toString(), "--java", "/usr/bin/java"))
        .as(err).isZero();
    Path program = home.resolve(".local/share/tokenledger/agent");
    Path config = home.resolve(".config/tokenledger/agent.toml");
    Path unit = home.resolve(".config/systemd/user/tokenledger-agent.service");
    assertThat(out).startsWith("copy " + jar + " -> " + program.resolve("collector-agent.jar") + "\n"
        + "copy " + jar.resolveSibling("lib/avro-1.12.0.jar") + " -> " + program.resolve("lib/avro-1.12.0.jar") + "\n"
        + "copy " + jar.resolveSibling("lib/kafka-clients-4.1.0.jar") + " -> " + program.resolve("lib/kafka-clients-4.1.0.jar")
        + "\nwrite " + config + ":\n----- agent.toml -----\n# Tokenledger collector agent configuration");
    assertThat(out).contains("write " + unit + ":\n----- tokenledger-agent.service -----\n");
    assertThat(out).contains("\nExecStart=/usr/bin/java " + JVM + " -jar \"" + program.resolve("collector-agent.jar")
        + "\" --config \"" + config + "\" run\n");
    assertThat(out).contains("Restart=on-failure\n").contains("WantedBy=default.target\n")
        .contains("\nEnvironment=MALLOC_ARENA_MAX=2\n");
    assertThat(out).endsWith("-----\n"
        + "run systemctl --user daemon-reload\n"
        + "run systemctl --user enable --now tokenledger-agent.service\n"
        + "note: logs: journalctl --user -u tokenledger-agent.service -f\n"
        + "note: to keep it running while you are logged out: loginctl enable-linger $USER\n"
        + "note: config: " + config + " (kept if it exists; reference: config/agent.reference.toml)\n");
    assertThat(filesUnderHome()).as("a dry run changes nothing").isEmpty();
  }

  @Test
  void launchdDryRunPrintsThePlistAndBootstrap() throws Exception {
    assertThat(run("install", "--dry-run", "--manager", "launchd", "--jar", jar.toString(), "--java", "/usr/bin/java",
        "--uid", "501")).as(err).isZero();
    Path program = home.resolve("Library/Application Support/tokenledger/agent");
    Path plist = home.resolve("Library/LaunchAgents/dev.tokenledger.agent.plist");
    Path log = home.resolve("Library/Logs/tokenledger-agent.log");
    assertThat(out).startsWith("copy " + jar + " -> " + program.resolve("collector-agent.jar") + "\n");
    assertThat(out).contains("write " + plist + ":\n----- dev.tokenledger.agent.plist -----\n<?xml version=\"1.0\"");
    StringBuilder args = new StringBuilder("    <string>/usr/bin/java</string>\n");
    for (String o : JVM.split(" ")) {
      args.append("    <string>").append(o).append("</string>\n");
    }
    args.append("    <string>-jar</string>\n    <string>").append(program.resolve("collector-agent.jar"))
        .append("</string>\n    <string>--config</string>\n    <string>")
        .append(home.resolve(".config/tokenledger/agent.toml")).append("</string>\n    <string>run</string>\n");
    assertThat(out).contains("  <key>ProgramArguments</key>\n  <array>\n" + args + "  </array>\n");
    assertThat(out).contains("<key>Label</key>\n  <string>dev.tokenledger.agent</string>")
        .contains("<key>RunAtLoad</key>\n  <true/>").contains("<key>StandardOutPath</key>\n  <string>" + log + "</string>");
    assertThat(out).contains("-----\nrun launchctl bootstrap gui/501 " + plist + "\nnote: logs: " + log + "\n");
    assertThat(filesUnderHome()).isEmpty();
  }

  @Test
  void anExistingConfigIsKept() throws Exception {
    Path config = Files.createDirectories(home.resolve(".config/tokenledger")).resolve("agent.toml");
    Files.writeString(config, "[org]\nid = \"acme\"\n");
    run("install", "--dry-run", "--manager", "systemd", "--jar", jar.toString(), "--java", "/usr/bin/java");
    assertThat(out).contains("keep existing " + config + "\n").doesNotContain("----- agent.toml");
  }

  @Test
  void uninstallDryRunStopsThenRemovesAndKeepsConfigAndState() throws Exception {
    assertThat(run("uninstall", "--dry-run", "--manager", "systemd", "--jar", jar.toString())).isZero();
    assertThat(out).isEqualTo("run systemctl --user disable --now tokenledger-agent.service\n"
        + "run systemctl --user daemon-reload\n"
        + "remove " + home.resolve(".config/systemd/user/tokenledger-agent.service") + "\n"
        + "remove " + home.resolve(".local/share/tokenledger/agent") + "\n"
        + "note: kept: " + home.resolve(".config/tokenledger/agent.toml")
        + " and the state directory (spool, checkpoints, intake token)\n");
    assertThat(run("uninstall", "--dry-run", "--manager", "launchd", "--jar", jar.toString(), "--uid", "501")).isZero();
    assertThat(out).startsWith("run launchctl bootout gui/501/dev.tokenledger.agent\n"
        + "remove " + home.resolve("Library/LaunchAgents/dev.tokenledger.agent.plist") + "\n"
        + "remove " + home.resolve("Library/Application Support/tokenledger/agent") + "\n");
  }

  @Test
  void aWrongManagerIsAUsageError() {
    assertThat(run("install", "--dry-run", "--manager", "upstart", "--jar", jar.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(err).contains("--manager must be systemd or launchd, was 'upstart'");
  }

  @Test
  void theTemplateIsAValidConfiguration() throws Exception {
    run("install", "--dry-run", "--manager", "systemd", "--jar", jar.toString(), "--java", "/usr/bin/java");
    String template = out.substring(out.indexOf("----- agent.toml -----\n") + 23, out.indexOf("-----\n",
        out.indexOf("----- agent.toml -----\n") + 23));
    Path file = Files.writeString(tmp.resolve("agent.toml"), template);
    assertThat(new AgentConfigLoader(Map.of(), home).load(file).intake().otlpSources()).containsExactly("claude_code");
  }
}
