package dev.tokenledger.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.agent.AgentMain;
import dev.tokenledger.agent.source.SourceEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryCommandTest {

  @TempDir Path home;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private int run(String... args) {
    List<String> all = new java.util.ArrayList<>(List.of("--state-dir", home.resolve("state").toString(), "inventory"));
    all.addAll(List.of(args));
    return AgentMain.execute(all.toArray(String[]::new), List::of, new SourceEnvironment(Map.of(), home),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  @Test
  void printsTheConfiguredServerNamesOnly() throws Exception {
    Files.writeString(home.resolve(".claude.json"), "{\"mcpServers\": {\"github\": {\"env\": {\"GITHUB_TOKEN\": \"tok-123456\"}}}}");
    assertThat(run()).isZero();
    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("MCP servers configured (names only):\n  CLAUDE_CODE  github\n");
    assertThat(printed).doesNotContain("tok-123456");
  }

  @Test
  void aRepositoryNeedsAnAuthorAndAWindow() {
    assertThat(run("--repo", home.toString())).isEqualTo(ExitCodes.USAGE);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("none found", "--repo needs --author and --since");
  }
}
