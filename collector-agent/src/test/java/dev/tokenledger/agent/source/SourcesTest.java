package dev.tokenledger.agent.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenledger.agent.Sources;
import dev.tokenledger.events.SourceTool;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourcesTest {

  @Test
  void all_sources_in_a_stable_order() {
    assertThat(Sources.all()).extracting(UsageSource::tool)
        .containsExactly(SourceTool.CLAUDE_CODE, SourceTool.CODEX_CLI, SourceTool.GEMINI_CLI);
  }

  @Test
  void no_roots_no_files(@TempDir Path home) throws Exception {
    for (UsageSource s : Sources.all()) {
      assertThat(s.discover(new SourceEnvironment(Map.of(), home))).as(s.tool().toString()).isEmpty();
    }
  }

  @Test
  void a_file_that_vanished_is_an_io_error_for_every_parser(@TempDir Path dir) {
    for (String name : new String[] {"a.jsonl", "b.json"}) {
      Path missing = dir.resolve(name);
      for (UsageSource s : Sources.all()) {
        assertThatThrownBy(() -> s.parserFor(missing).read(missing, FileCursor.START, new CollectingSink()))
            .as(s.tool() + " " + name).isInstanceOf(NoSuchFileException.class);
      }
    }
  }

  @Test
  void mcp_names_split_into_server_and_tool() {
    assertThat(ToolCallCounter.splitMcp("mcp__claude_ai_Gmail__search_threads"))
        .containsExactly("claude_ai_Gmail", "search_threads");
    assertThat(ToolCallCounter.splitMcp("mcp__github__create_issue")).containsExactly("github", "create_issue");
    assertThat(ToolCallCounter.splitMcp("mcp__broken")).isNull();
    assertThat(ToolCallCounter.splitMcp("mcp____x")).isNull();
    assertThat(ToolCallCounter.splitMcp("Bash")).isNull();
  }
}
