package dev.tokenledger.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenledger.agent.AgentMain;
import dev.tokenledger.agent.runtime.StatusFile;
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
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The last response of a Claude Code file written in the last few minutes is held back (its final
 * usage may not be written yet; ADR 0100). Backfill used to say nothing about it ("problems: none");
 * now the summary, the dry run's summary and {@code status} say how many, where, and when they go out.
 */
class BackfillHeldBackTest {

  @TempDir
  Path tmp;

  Path projects;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  final Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(120);

  @BeforeEach
  void writeSessions() throws Exception {
    projects = Files.createDirectories(tmp.resolve("claude/projects/-home-dev-repo"));
    Files.writeString(projects.resolve("a.jsonl"), line("msg_A", 0) + line("msg_B", 1) + line("msg_C", 2));
    Files.writeString(projects.resolve("b.jsonl"), line("msg_D", 3)); // written just now: nothing is final
  }

  String line(String msg, int second) {
    return "{\"type\":\"assistant\",\"sessionId\":\"s1\",\"cwd\":\"/home/dev/repo\",\"timestamp\":\""
        + t.plusSeconds(second) + "\",\"requestId\":\"req_" + msg + "\",\"uuid\":\"u-" + msg + "\",\"message\":{\"id\":\""
        + msg + "\",\"model\":\"claude-opus-4-6\",\"usage\":{\"input_tokens\":10,\"output_tokens\":5}}}\n";
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
  void theDryRunSummarySaysWhatIsHeldBackAndWhenItWillShow() {
    assertThat(run("backfill", "--dry-run", "--no-progress")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(2); // msg_A, msg_B
    String summary = err.toString(StandardCharsets.UTF_8);
    assertThat(summary).contains("problems: none")
        .contains("held back: 2 responses in 2 files still being written (")
        .contains("a.jsonl").contains("b.jsonl")
        .contains("unchanged for 5 minutes")
        .contains("They are not in the output above; a dry run after ");
  }

  @Test
  void backfillAndStatusSayWhatIsHeldBackAndTheNextBackfillPublishesItOnceAtRest() throws Exception {
    assertThat(run("backfill", "--no-progress", "--drain-timeout", "PT0.5S")).isEqualTo(ExitCodes.PENDING);
    String summary = err.toString(StandardCharsets.UTF_8);
    assertThat(summary).contains("held back: 2 responses in 2 files still being written")
        .contains("published by the next `backfill` after ").contains("or by a running `run`");
    JsonNode status = StatusFile.read(tmp.resolve("state"));
    assertThat(status.path("spool").path("durableSeq").asLong()).isEqualTo(2);
    assertThat(status.path("heldBack").path("responses").asLong()).isEqualTo(2);
    assertThat(run("status", "--json")).isZero();
    assertThat(new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8)).path("heldBack").path("files").asLong())
        .isEqualTo(2);
    assertThat(run("status")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("held back: 2 responses in 2 files");

    FileTime rest = FileTime.from(Instant.now().minus(Duration.ofMinutes(10)));
    Files.setLastModifiedTime(projects.resolve("a.jsonl"), rest);
    Files.setLastModifiedTime(projects.resolve("b.jsonl"), rest);
    assertThat(run("backfill", "--no-progress", "--drain-timeout", "PT0.5S")).isEqualTo(ExitCodes.PENDING);
    assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("held back").contains("2 new events");
    JsonNode after = StatusFile.read(tmp.resolve("state"));
    assertThat(after.path("spool").path("durableSeq").asLong()).as("each response spooled once").isEqualTo(4);
    assertThat(after.has("heldBack")).isFalse();
  }
}
