package dev.tokenledger.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.agent.checkpoint.CheckpointStore;
import dev.tokenledger.agent.checkpoint.FileCheckpoint;
import dev.tokenledger.agent.source.FileCursor;
import dev.tokenledger.agent.source.LogFileParser;
import dev.tokenledger.agent.source.ParseProblem;
import dev.tokenledger.agent.source.SourceEnvironment;
import dev.tokenledger.agent.source.UsageSource;
import dev.tokenledger.agent.testing.TestLogSource;
import dev.tokenledger.events.SourceTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDiscoveryTest {

  @TempDir
  Path tmp;

  @Test
  void filesAreListedWithTheirUnreadBytesAndGoneFilesAreForgotten() throws IOException {
    Path logs = Files.createDirectories(tmp.resolve("logs/sub"));
    Path read = Files.writeString(logs.resolve("a.tl.jsonl"), "0123456789");
    Path fresh = Files.writeString(logs.resolve("b.tl.jsonl"), "01234");
    CheckpointStore checkpoints = CheckpointStore.inMemory();
    checkpoints.put(read, new FileCheckpoint(SourceTool.OTHER, new FileCursor(10, "x", ""), 10,
        Files.getLastModifiedTime(read).toMillis(), null));
    checkpoints.put(logs.resolve("gone.tl.jsonl"), new FileCheckpoint(SourceTool.OTHER, FileCursor.START, 1, 1, null));
    UsageSource broken = new UsageSource() {
      @Override
      public SourceTool tool() {
        return SourceTool.GEMINI_CLI;
      }

      @Override
      public List<Path> discover(SourceEnvironment environment) throws IOException {
        throw new IOException("no access");
      }

      @Override
      public LogFileParser parserFor(Path file) {
        throw new UnsupportedOperationException();
      }
    };
    SourceEnvironment env = new SourceEnvironment(Map.of(TestLogSource.ROOT_VARIABLE, tmp.resolve("logs").toString()), tmp);
    List<ParseProblem> problems = new ArrayList<>();

    FileDiscovery.Found found = new FileDiscovery(List.of(broken, new TestLogSource()), env, checkpoints)
        .discover((tool, p) -> problems.add(p));

    assertThat(found.work()).extracting(Map.Entry::getValue).containsExactly(read, fresh);
    assertThat(found.filesFound()).containsExactly(Map.entry(SourceTool.OTHER, 2));
    assertThat(found.files()).isEqualTo(2);
    assertThat(found.unreadBytes()).isEqualTo(5);
    assertThat(found.pendingFiles()).isEqualTo(1);
    assertThat(found.directories()).containsExactly(logs);
    assertThat(checkpoints.all()).containsOnlyKeys(read.toString());
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.kind()).isEqualTo(ParseProblem.Kind.UNREADABLE);
      assertThat(p.reason()).startsWith("cannot list GEMINI_CLI logs: java.io.IOException: no access");
    });
  }
}
