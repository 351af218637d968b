package dev.tokenledger.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenledger.agent.AgentMain;
import dev.tokenledger.agent.event.EventIds;
import dev.tokenledger.agent.source.SourceEnvironment;
import dev.tokenledger.agent.testing.TestLogSource;
import dev.tokenledger.events.SourceTool;
import dev.tokenledger.events.UsageEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackfillDryRunTest {

  @TempDir
  Path tmp;

  @Test
  void printsOneJsonObjectPerEventWithAvroFieldNamesAndTheSummaryOnStderr() throws Exception {
    Path logs = Files.createDirectories(tmp.resolve("logs/p"));
    Instant t = Instant.parse("2026-01-05T10:00:00.123Z");
    Files.writeString(logs.resolve("a.tl.jsonl"),
        TestLogSource.line("r1", "claude-opus-4-6", t, "s1", 100, 10, "/x")
            + TestLogSource.line("r2", "claude-opus-4-6", t.plusSeconds(1), "s1", 200, 20, "/x")
            + TestLogSource.line("r1", "claude-opus-4-6", t, "s1", 100, 10, "/x") // a copy of r1
            + "not json\n");
    Files.writeString(logs.resolve("b.tl.jsonl"), TestLogSource.line("r3", "gpt-5", t.plusSeconds(2), "s2", 7, 3, "/y"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Path state = tmp.resolve("state");
    int code = AgentMain.execute(new String[] {"--state-dir", state.toString(), "backfill", "--dry-run"},
        () -> List.of(new TestLogSource()),
        new SourceEnvironment(Map.of(TestLogSource.ROOT_VARIABLE, tmp.resolve("logs").toString(),
            TestLogSource.AGE_VARIABLE, TestLogSource.AGE_FOR_HISTORIC_DATES), tmp),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isZero();
    List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(3);
    ObjectMapper json = new ObjectMapper();
    List<String> ids = new ArrayList<>();
    List<String> avroFields = UsageEvent.getClassSchema().getFields().stream().map(Schema.Field::name).toList();
    for (String line : lines) {
      JsonNode n = json.readTree(line);
      List<String> names = new ArrayList<>();
      for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
        names.add(it.next());
      }
      assertThat(names).containsExactlyElementsOf(avroFields);
      ids.add(n.path("eventId").asText());
    }
    assertThat(ids).containsExactly(EventIds.of(SourceTool.OTHER, "r1"), EventIds.of(SourceTool.OTHER, "r2"),
        EventIds.of(SourceTool.OTHER, "r3"));
    JsonNode first = json.readTree(lines.get(0));
    assertThat(first.path("eventTime").asText()).isEqualTo("2026-01-05T10:00:00.123Z");
    assertThat(first.path("tokens").path("input").asLong()).isEqualTo(100);
    assertThat(first.path("source").asText()).isEqualTo("OTHER");
    assertThat(first.path("userEmail").isNull()).isTrue();
    String summary = err.toString(StandardCharsets.UTF_8);
    assertThat(summary).contains("2 files read").contains("3 new events").contains("1 duplicates skipped")
        .contains("problems: 1 (MALFORMED_RECORD 1)").contains("published: nothing (dry run)")
        .contains("tokens: input 307, output 33, cache writes 0, cache reads 0, total 340");
    assertThat(Files.exists(state)).as("a dry run stores nothing").isFalse();
  }

  @Test
  void aBadConfigIsAUsageErrorWithEveryProblem() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = AgentMain.execute(new String[] {"backfill", "--dry-run"}, List::of,
        new SourceEnvironment(Map.of("TOKENLEDGER_AGENT_SCAN_INTERVAL", "often", "TOKENLEDGER_AGENT_INTAKE_PORT", "x"), tmp),
        new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("scan.interval").contains("intake.port");
  }
}
