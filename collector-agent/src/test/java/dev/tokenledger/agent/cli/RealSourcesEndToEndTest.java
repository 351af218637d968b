package dev.tokenledger.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenledger.agent.AgentMain;
import dev.tokenledger.agent.event.EventIds;
import dev.tokenledger.agent.runtime.StatusFile;
import dev.tokenledger.agent.source.FileCursor;
import dev.tokenledger.agent.source.ParseProblem;
import dev.tokenledger.agent.source.ParseSink;
import dev.tokenledger.agent.source.ParsedUsage;
import dev.tokenledger.agent.source.SourceEnvironment;
import dev.tokenledger.agent.Sources;
import dev.tokenledger.agent.source.UsageSource;
import dev.tokenledger.agent.testing.TestLogSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real sources ({@link Sources#all()}) on the shared fixtures, laid out where the assistants
 * keep them under a fake HOME, through the whole agent: the dry run prints exactly one event per
 * distinct request the parsers report (same ids, same token totals per source), a real backfill
 * spools the same number (Kafka unreachable), and a second backfill adds nothing.
 */
class RealSourcesEndToEndTest {

  @TempDir
  Path home;

  SourceEnvironment env;

  @BeforeEach
  void layOutFixtures() throws IOException, URISyntaxException {
    Path fixtures = Path.of(getClass().getResource("/fixtures").toURI());
    copyTree(fixtures.resolve("claude-code"), home.resolve(".claude/projects/-home-dev-widgets"));
    copyTree(fixtures.resolve("codex"), home.resolve(".codex/sessions/2026/01/15"));
    try (Stream<Path> s = Files.list(fixtures.resolve("gemini"))) {
      int n = 0;
      for (Path p : s.sorted().toList()) {
        Path project = home.resolve(".gemini/tmp/project" + n++ + "/chats");
        if (Files.isDirectory(p)) {
          copyTree(p, project.getParent().getParent().resolve("dir" + n));
        } else {
          Files.createDirectories(project);
          Files.copy(p, project.resolve(p.getFileName()));
        }
      }
    }
    // finished sessions: a day old, so no parser holds back a still-streaming response
    FileTime old = FileTime.from(Instant.now().minus(Duration.ofDays(1)));
    try (Stream<Path> s = Files.walk(home)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        Files.setLastModifiedTime(p, old);
      }
    }
    // the fixtures are dated from 2025 on: admit them under the event-age limit
    env = new SourceEnvironment(Map.of(TestLogSource.AGE_VARIABLE, TestLogSource.AGE_FOR_HISTORIC_DATES), home);
  }

  @Test
  void everyParsedRequestBecomesExactlyOneEvent() throws Exception {
    Map<String, Long> expectedOutputBySource = new TreeMap<>();
    Map<String, String> expectedIds = new HashMap<>();
    for (UsageSource source : Sources.all()) {
      for (Path file : source.discover(env)) {
        source.parserFor(file).read(file, FileCursor.START, new ParseSink() {
          @Override
          public void usage(ParsedUsage u) {
            if (expectedIds.put(EventIds.of(u.source(), u.dedupKey()), u.source().name()) == null) {
              expectedOutputBySource.merge(u.source().name(), u.tokens().getOutput(), Long::sum);
            }
          }

          @Override
          public void problem(ParseProblem problem) {}
        });
      }
    }
    assertThat(expectedOutputBySource).containsOnlyKeys("CLAUDE_CODE", "CODEX_CLI", "GEMINI_CLI");

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Path state = home.resolve("state");
    int code = AgentMain.execute(new String[] {"--state-dir", state.toString(), "backfill", "--dry-run"}, Sources::all,
        env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    ObjectMapper json = new ObjectMapper();
    Map<String, Long> outputBySource = new TreeMap<>();
    Map<String, String> ids = new HashMap<>();
    for (String line : out.toString(StandardCharsets.UTF_8).lines().toList()) {
      JsonNode n = json.readTree(line);
      assertThat(ids.put(n.path("eventId").asText(), n.path("source").asText())).as("duplicate id").isNull();
      outputBySource.merge(n.path("source").asText(), n.path("tokens").path("output").asLong(), Long::sum);
      assertThat(n.path("projectId").asText()).isNotBlank();
      assertThat(line).doesNotContain("\"text\"").doesNotContain("\"content\"");
    }
    assertThat(ids).isEqualTo(expectedIds);
    assertThat(outputBySource).isEqualTo(expectedOutputBySource);

    String[] offline = {"--state-dir", state.toString(), "backfill", "--no-progress", "--drain-timeout", "PT0.5S"};
    SourceEnvironment unreachable = new SourceEnvironment(
        Map.of("TOKENLEDGER_BOOTSTRAP_SERVERS", "127.0.0.1:1", "TOKENLEDGER_AGENT_PUBLISH_REQUEST_TIMEOUT", "PT0.5S",
            TestLogSource.AGE_VARIABLE, TestLogSource.AGE_FOR_HISTORIC_DATES), home);
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    assertThat(AgentMain.execute(offline, Sources::all, unreachable, quiet, quiet)).isEqualTo(ExitCodes.PENDING);
    assertThat(StatusFile.read(state).path("spool").path("depth").asLong()).isEqualTo(expectedIds.size());
    assertThat(AgentMain.execute(offline, Sources::all, unreachable, quiet, quiet)).isEqualTo(ExitCodes.PENDING);
    JsonNode again = StatusFile.read(state);
    assertThat(again.path("spool").path("depth").asLong()).as("a second backfill adds nothing").isEqualTo(expectedIds.size());
    assertThat(again.path("sources").path("CLAUDE_CODE").path("events").asLong()).isZero();
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(p, target);
        }
      }
    }
  }

}
