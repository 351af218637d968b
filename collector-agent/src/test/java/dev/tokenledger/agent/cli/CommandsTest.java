package dev.tokenledger.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenledger.agent.AgentMain;
import dev.tokenledger.agent.source.SourceEnvironment;
import dev.tokenledger.agent.spool.Spool;
import dev.tokenledger.agent.spool.SpoolRecord;
import dev.tokenledger.agent.testing.TestLogSource;
import dev.tokenledger.events.UsageEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code log}, {@code status} and {@code doctor} without Kafka (nothing listens on the addresses used). */
class CommandsTest {

  @TempDir
  Path tmp;

  Map<String, String> env;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void offline() {
    env = new HashMap<>();
    env.put("TOKENLEDGER_BOOTSTRAP_SERVERS", "127.0.0.1:1");
    env.put("TOKENLEDGER_REGISTRY_URL", "http://127.0.0.1:1/apis/ccompat/v7");
    env.put("TOKENLEDGER_AGENT_PUBLISH_REQUEST_TIMEOUT", "PT0.5S");
    env.put("TOKENLEDGER_AGENT_INTAKE_PORT", "0"); // no running agent to talk to
    env.put("TOKENLEDGER_AGENT_STATE_DIR", tmp.resolve("state").toString());
    env.put(TestLogSource.ROOT_VARIABLE, tmp.resolve("logs").toString());
    env.put(TestLogSource.AGE_VARIABLE, TestLogSource.AGE_FOR_HISTORIC_DATES);
  }

  int run(String... args) {
    out.reset();
    err.reset();
    return AgentMain.execute(args, () -> List.of(new TestLogSource()), new SourceEnvironment(env, tmp),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void logWithoutARunningAgentSpoolsTheReportDurably() throws Exception {
    assertThat(run("log", "ATLAS", "claude-sonnet-4-5", "50000", "15000", "Built", "TokenTracker", "v1.0",
        "--request-id", "req-1", "--cache-read", "7", "--wait", "PT0.5S", "--cwd", tmp.toString())).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("logged ").contains("kept in the spool");
    assertThat(run("log", "ATLAS", "claude-sonnet-4-5", "50000", "15000", "--request-id", "req-1", "--wait", "PT0.1S"))
        .isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("(already known)");
    try (Spool spool = Spool.open(tmp.resolve("state/spool"), 1 << 30)) {
      assertThat(spool.depth()).isEqualTo(1);
      SpoolRecord r = spool.read(0, 10, 0).get(0);
      UsageEvent e = new SpecificDatumReader<>(UsageEvent.class).read(null,
          DecoderFactory.get().binaryDecoder(r.payload(), null));
      assertThat(e.getAgentName()).isEqualTo("ATLAS");
      assertThat(e.getNotes()).isEqualTo("Built TokenTracker v1.0");
      assertThat(e.getTokens().getInput()).isEqualTo(50000);
      assertThat(e.getTokens().getCacheRead()).isEqualTo(7);
      assertThat(e.getWorktree()).isEqualTo(tmp.toString());
      assertThat(e.getSource().name()).isEqualTo("API");
    }
  }

  @Test
  void logRejectsBadNumbersAndStoresNothing() {
    assertThat(run("log", "ATLAS", "m", "-5", "1")).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("inputTokens");
    assertThat(Files.exists(tmp.resolve("state/spool"))).isFalse();
    // before: 10^12 input tokens were spooled and published
    assertThat(run("log", "ATLAS", "claude-sonnet-4-5", "1000000000000", "1", "--time", "2999-01-01T00:00:00Z"))
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("limits.max-input-tokens").contains("limits.max-clock-skew");
    assertThat(Files.exists(tmp.resolve("state/spool"))).isFalse();
  }

  @Test
  void logSendsTheIntakeTokenToTheRunningAgent() throws Exception {
    Path state = tmp.resolve("state");
    dev.tokenledger.agent.intake.IntakeToken token = dev.tokenledger.agent.intake.IntakeToken.loadOrCreate(state);
    Spool spool = Spool.open(tmp.resolve("agent-spool"), 1 << 30);
    dev.tokenledger.agent.spool.EventJournal journal = new dev.tokenledger.agent.spool.EventJournal(spool,
        dev.tokenledger.agent.spool.DedupIndex.open(tmp.resolve("agent-spool"), spool), java.time.Clock.systemUTC());
    dev.tokenledger.agent.attribution.MachineIdentity id = new dev.tokenledger.agent.attribution.MachineIdentity("default",
        "bob@box", java.util.Optional.empty(), "box", java.util.Optional.empty(), java.util.Optional.empty());
    try (dev.tokenledger.agent.intake.IntakeServer intake = dev.tokenledger.agent.intake.IntakeServer.start(0, token, journal,
        new dev.tokenledger.agent.attribution.Attributor(id, new dev.tokenledger.agent.attribution.GitRepositoryReader(),
            dev.tokenledger.agent.attribution.Hashes.forOrg("default"), false,
            java.time.Duration.ofHours(1), java.time.Clock.systemUTC(), "t"),
        new dev.tokenledger.agent.validation.UsageValidator(dev.tokenledger.agent.validation.UsageLimits.DEFAULTS,
            java.time.Clock.systemUTC()), () -> { })) {
      env.put("TOKENLEDGER_AGENT_INTAKE_PORT", String.valueOf(intake.port()));
      assertThat(run("log", "ATLAS", "claude-sonnet-4-5", "10", "5", "--request-id", "r-1")).isZero();
      assertThat(out.toString(StandardCharsets.UTF_8)).contains("via the running agent");
      assertThat(journal.spool().depth()).isEqualTo(1);
      Files.delete(state.resolve(dev.tokenledger.agent.intake.IntakeToken.FILE)); // e.g. another state directory
      assertThat(run("log", "ATLAS", "claude-sonnet-4-5", "10", "5", "--request-id", "r-2")).isEqualTo(ExitCodes.FAILED);
      assertThat(err.toString(StandardCharsets.UTF_8)).contains("refused the report: missing intake token");
    } finally {
      journal.close();
    }
  }

  @Test
  void statusShowsSourcesProblemsSpoolDepthAndLag() throws Exception {
    Files.createDirectories(tmp.resolve("logs"));
    Files.writeString(tmp.resolve("logs/a.tl.jsonl"),
        TestLogSource.line("r1", "m", Instant.parse("2026-01-01T00:00:00Z"), "s", 1, 1, "/x")
            + "garbage\n" + TestLogSource.line("r2", "m", Instant.parse("2026-01-02T00:00:00Z"), "s", 1, 1, "/x"));
    assertThat(run("backfill", "--no-progress", "--drain-timeout", "PT0.5S")).isEqualTo(ExitCodes.PENDING);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("2 events still waiting");
    Files.writeString(tmp.resolve("logs/b.tl.jsonl"),
        TestLogSource.line("r3", "m", Instant.parse("2026-01-03T00:00:00Z"), "s", 1, 1, "/x"));
    assertThat(run("status", "--json")).isZero();
    JsonNode s = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    assertThat(s.path("sources").path("OTHER").path("files").asInt()).isEqualTo(2);
    assertThat(s.path("sources").path("OTHER").path("filesRead").asInt()).isEqualTo(1);
    assertThat(s.path("sources").path("OTHER").path("unreadBytes").asLong()).isPositive();
    assertThat(s.path("sources").path("OTHER").path("lastEventTime").asText()).isEqualTo("2026-01-02T00:00:00Z");
    assertThat(s.path("problems").path("MALFORMED_RECORD").asInt()).isEqualTo(1);
    assertThat(s.path("spool").path("depth").asInt()).isEqualTo(2);
    assertThat(s.path("spool").path("lagSeconds").asLong()).isNotNegative();
    assertThat(s.path("agentRunning").asBoolean()).isFalse();
    assertThat(s.path("efficiency").path("commits").asBoolean()).isTrue();
    assertThat(s.path("efficiency").path("sessionsOpen").asInt()).as("/x is no git checkout").isZero();
    assertThat(run("status")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("MALFORMED_RECORD 1").contains("2 events waiting")
        .contains("efficiency: commits on (0 published this run, 0 sessions open, 0 waiting to be read), MCP inventory on");
  }

  @Test
  void doctorFailsClearlyWhenKafkaAndTheRegistryAreUnreachable() {
    assertThat(run("doctor")).isEqualTo(ExitCodes.FAILED);
    String report = out.toString(StandardCharsets.UTF_8);
    assertThat(report).contains("[PASS] config").contains("[PASS] state dir").contains("[WARN] source OTHER")
        .contains("[PASS] privacy").contains("salt derived from org.id")
        .contains("[FAIL] kafka").contains("[FAIL] registry").contains("doctor: 2 check(s) failed");
  }
}
