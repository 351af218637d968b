package dev.tokenledger.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenledger.agent.AgentMain;
import dev.tokenledger.agent.source.SourceEnvironment;
import dev.tokenledger.agent.source.claude.ClaudeCodeSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Claude Code line whose usage holds -50, "12" or 1.5 was published as EXACT 0, 0 and 1; one with 10^12
 * input tokens as a forged chargeback. Through the whole agent they are problems — in the backfill
 * summary, the dry run, {@code status} and the quarantine — and never events.
 */
class BackfillBadValuesTest {

  @TempDir
  Path tmp;

  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  static String line(String msg, Instant at, String input) {
    return "{\"type\":\"assistant\",\"sessionId\":\"s1\",\"timestamp\":\"" + at + "\",\"message\":{\"id\":\"" + msg
        + "\",\"model\":\"claude-opus-4-6\",\"usage\":{\"input_tokens\":" + input + ",\"output_tokens\":5}}}\n";
  }

  int run(String... args) {
    out.reset();
    err.reset();
    Map<String, String> env = Map.of("CLAUDE_CONFIG_DIR", tmp.resolve("claude").toString(),
        "TOKENLEDGER_BOOTSTRAP_SERVERS", "127.0.0.1:1", "TOKENLEDGER_REGISTRY_URL", "http://127.0.0.1:1/apis/ccompat/v7",
        "TOKENLEDGER_AGENT_PUBLISH_REQUEST_TIMEOUT", "PT0.5S", "TOKENLEDGER_AGENT_STATE_DIR", tmp.resolve("state").toString());
    return AgentMain.execute(args, () -> List.of(new ClaudeCodeSource()), new SourceEnvironment(env, tmp),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void badValuesAreProblemsInTheSummaryStatusAndQuarantineAndNeverEvents() throws Exception {
    Instant t = Instant.now().minus(Duration.ofHours(1));
    Path file = Files.createDirectories(tmp.resolve("claude/projects/-p")).resolve("s.jsonl");
    Files.writeString(file, line("msg_neg", t, "-50") + line("msg_str", t.plusSeconds(1), "\"12\"")
        + line("msg_frac", t.plusSeconds(2), "1.5") + line("msg_forged", t.plusSeconds(3), "1000000000000")
        + line("msg_ok", t.plusSeconds(4), "10"));
    Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofMinutes(10)))); // at rest

    assertThat(run("backfill", "--dry-run", "--no-progress")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8).lines()).singleElement().asString().contains("\"messageId\":\"msg_ok\"")
        .doesNotContain("msg_neg");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("problems: 4 (INVALID_VALUE 3, OUT_OF_LIMITS 1)");

    assertThat(run("backfill", "--no-progress", "--drain-timeout", "PT0.5S")).isEqualTo(ExitCodes.PENDING);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("1 new events")
        .contains("problems: 4 (INVALID_VALUE 3, OUT_OF_LIMITS 1) (details: ");
    assertThat(run("status", "--json")).isZero();
    JsonNode status = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
    assertThat(status.path("problems").path("INVALID_VALUE").asLong()).isEqualTo(3);
    assertThat(status.path("problems").path("OUT_OF_LIMITS").asLong()).isEqualTo(1);
    assertThat(status.path("spool").path("depth").asLong()).isEqualTo(1);
    List<String> quarantined = Files.readAllLines(tmp.resolve("state/quarantine/problems.jsonl"));
    assertThat(quarantined).hasSize(4);
    assertThat(quarantined.get(0)).contains("message.usage.input_tokens must not be negative, was -50");
    assertThat(quarantined.get(3)).contains("limits.max-input-tokens");
  }
}
