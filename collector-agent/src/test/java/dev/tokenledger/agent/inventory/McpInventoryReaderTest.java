package dev.tokenledger.agent.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.agent.source.SourceEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class McpInventoryReaderTest {

  @TempDir Path home;

  private static final String SECRET = "ghp_abcdefghijklmnopqrstuvwxyz0123456789";

  @Test
  void readsTheServerNamesOfEveryAssistantAndNothingElse() throws Exception {
    Path project = Files.createDirectories(home.resolve("work/app"));
    Files.writeString(project.resolve(".mcp.json"), """
        {"mcpServers": {"shared-db": {"command": "psql", "args": ["postgres://admin:hunter2@db/prod"]}}}""");
    Files.writeString(home.resolve(".claude.json"), """
        {"numStartups": 3,
         "mcpServers": {"github": {"type": "stdio", "command": "npx", "env": {"GITHUB_TOKEN": "%s"}},
                        "zen": {"type": "http", "url": "https://zen.example.com/mcp?key=%s"}},
         "projects": {"%s": {"mcpServers": {"context7": {"command": "npx", "args": ["-y", "@upstash/context7-mcp"]}}},
                      "/no/such/dir": {"mcpServers": {}}}}
        """.formatted(SECRET, SECRET, project.toString().replace("\\\\", "\\\\\\\\")));
    Files.createDirectories(home.resolve(".codex"));
    Files.writeString(home.resolve(".codex/config.toml"), """
        model = "gpt-5.2-codex"
        [mcp_servers.linear]
        command = "npx"
        env = { LINEAR_API_KEY = "%s" }
        [mcp_servers."docs search"]
        url = "https://docs.example.com/mcp"
        """.formatted(SECRET));
    Files.createDirectories(home.resolve(".gemini"));
    Files.writeString(home.resolve(".gemini/settings.json"), """
        {"theme": "dark", "mcpServers": {"github": {"httpUrl": "https://api.githubcopilot.com/mcp/", "headers": {"Authorization": "Bearer %s"}}}}
        """.formatted(SECRET));

    McpInventoryReader.Inventory inventory = new McpInventoryReader(new SourceEnvironment(Map.of(), home)).read();

    assertThat(inventory.servers()).containsExactlyInAnyOrder(
        new ConfiguredMcpServer("CLAUDE_CODE", "github"), new ConfiguredMcpServer("CLAUDE_CODE", "zen"),
        new ConfiguredMcpServer("CLAUDE_CODE", "context7"), new ConfiguredMcpServer("CLAUDE_CODE", "shared-db"),
        new ConfiguredMcpServer("CODEX_CLI", "linear"), new ConfiguredMcpServer("CODEX_CLI", "docs search"),
        new ConfiguredMcpServer("GEMINI_CLI", "github"));
    assertThat(inventory.problems()).isEmpty();
    assertThat(inventory.toString()).doesNotContain(SECRET, "hunter2", "npx", "example.com", "psql");
  }

  @Test
  void honoursTheAssistantsHomeVariablesAndReportsUnreadableFilesByPathOnly() throws Exception {
    Path claudeDir = Files.createDirectories(home.resolve("cfg/claude"));
    Files.writeString(claudeDir.resolve(".claude.json"), "{\"mcpServers\": {\"from-config-dir\": {}}}");
    Files.writeString(home.resolve(".claude.json"), "{\"mcpServers\": {\"ignored\": {}}}");
    Path codex = Files.createDirectories(home.resolve("cfg/codex"));
    Files.writeString(codex.resolve("config.toml"), "[mcp_servers.broken\ncommand = \"" + SECRET + "\"");
    McpInventoryReader.Inventory inventory = new McpInventoryReader(new SourceEnvironment(
        Map.of("CLAUDE_CONFIG_DIR", claudeDir.toString(), "CODEX_HOME", codex.toString()), home)).read();
    assertThat(inventory.servers()).containsExactly(new ConfiguredMcpServer("CLAUDE_CODE", "from-config-dir"));
    assertThat(inventory.problems()).containsExactly(codex.resolve("config.toml") + ": not readable as TOML");
  }

  @Test
  void namesAreCleaned() {
    assertThat(McpInventoryReader.clean(" git\u0007hub ")).isEqualTo("github");
    assertThat(McpInventoryReader.clean("https://user:pw@host/x")).doesNotContain("pw");
    assertThat(McpInventoryReader.clean("x".repeat(500))).hasSize(McpInventoryReader.MAX_NAME);
  }
}
