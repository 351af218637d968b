package dev.tokenledger.agent.source.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.agent.source.CollectingSink;
import dev.tokenledger.agent.source.FileCursor;
import dev.tokenledger.agent.source.ParsedUsage;
import dev.tokenledger.agent.source.SourceEnvironment;
import dev.tokenledger.agent.source.claude.ClaudeCodeSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated corpus is valid history at rest: every request it writes is parsed exactly once. */
class ClaudeCorpusGeneratorTest {

  @Test
  void every_generated_request_is_parsed_once_with_the_default_source(@TempDir Path dir) throws IOException {
    ClaudeCorpusGenerator.generate(dir.resolve("projects"), 6 << 20, 3);
    long written = ClaudeCorpusGenerator.lastStats();
    ClaudeCodeSource source = new ClaudeCodeSource();
    List<Path> files = source.discover(new SourceEnvironment(Map.of("CLAUDE_CONFIG_DIR", dir.toString()), dir));
    assertThat(files).isNotEmpty();
    CollectingSink sink = new CollectingSink();
    long bytes = 0;
    for (Path f : files) {
      bytes += Files.size(f);
      FileCursor c = source.parserFor(f).read(f, FileCursor.START, sink);
      assertThat(c.offset()).isEqualTo(Files.size(f));
    }
    assertThat(bytes).isGreaterThanOrEqualTo(6 << 20);
    assertThat(sink.problems).isEmpty();
    assertThat(sink.usages).hasSize((int) written);
    assertThat(sink.usages).extracting(ParsedUsage::dedupKey).doesNotHaveDuplicates();
  }
}
