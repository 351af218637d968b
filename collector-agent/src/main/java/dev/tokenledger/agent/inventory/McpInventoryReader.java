package dev.tokenledger.agent.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.tokenledger.agent.attribution.Credentials;
import dev.tokenledger.agent.source.SourceEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the NAMES of the MCP servers configured in the assistants' settings on this machine (ADR 0620):
 * only the keys of the server maps are read; the values (commands, arguments, environment, URLs,
 * headers, tokens) are never looked at, kept or reported. A missing, unreadable or malformed file
 * contributes nothing and is listed in {@link Inventory#problems()} by path only.
 *
 * <ul>
 *   <li>Claude Code: {@code mcpServers} at the top of {@code ~/.claude.json} (or
 *       {@code $CLAUDE_CONFIG_DIR/.claude.json}) and in each of its {@code projects.<path>}, and
 *       {@code mcpServers} of each such project's {@code .mcp.json};
 *   <li>Codex CLI: the {@code [mcp_servers.<name>]} tables of {@code ${CODEX_HOME:-~/.codex}/config.toml};
 *   <li>Gemini CLI: {@code mcpServers} of {@code ${GEMINI_CLI_HOME:-~}/.gemini/settings.json}.
 * </ul>
 */
public final class McpInventoryReader {

  /** Longest name kept; longer names are cut (a name is an identifier, not a place for data). */
  static final int MAX_NAME = 128;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TomlMapper TOML = new TomlMapper();

  /** The servers found and the files that could not be read. */
  public record Inventory(Set<ConfiguredMcpServer> servers, List<String> problems) {

    public Inventory {
      servers = Set.copyOf(servers);
      problems = List.copyOf(problems);
    }
  }

  private final SourceEnvironment env;

  public McpInventoryReader(SourceEnvironment env) {
    this.env = env;
  }

  public Inventory read() {
    Set<ConfiguredMcpServer> servers = new TreeSet<>();
    List<String> problems = new ArrayList<>();
    Path claudeJson = env.variable("CLAUDE_CONFIG_DIR").map(d -> Path.of(d.split(",")[0].trim()).resolve(".claude.json"))
        .orElse(env.home().resolve(".claude.json"));
    JsonNode claude = json(claudeJson, problems);
    if (claude != null) {
      names("CLAUDE_CODE", claude.path("mcpServers"), servers);
      for (Iterator<String> it = claude.path("projects").fieldNames(); it.hasNext(); ) {
        String project = it.next();
        names("CLAUDE_CODE", claude.path("projects").path(project).path("mcpServers"), servers);
        Path mcpJson;
        try {
          mcpJson = Path.of(project).resolve(".mcp.json");
        } catch (RuntimeException e) {
          continue; // not a path of this machine
        }
        if (Files.isRegularFile(mcpJson)) {
          JsonNode shared = json(mcpJson, problems);
          if (shared != null) {
            names("CLAUDE_CODE", shared.path("mcpServers"), servers);
          }
        }
      }
    }
    Path codexHome = env.variable("CODEX_HOME").map(Path::of).orElse(env.home().resolve(".codex"));
    JsonNode codex = toml(codexHome.resolve("config.toml"), problems);
    if (codex != null) {
      names("CODEX_CLI", codex.path("mcp_servers"), servers);
    }
    Path geminiHome = env.variable("GEMINI_CLI_HOME").map(Path::of).orElse(env.home());
    JsonNode gemini = json(geminiHome.resolve(".gemini").resolve("settings.json"), problems);
    if (gemini != null) {
      names("GEMINI_CLI", gemini.path("mcpServers"), servers);
    }
    return new Inventory(servers, problems);
  }

  /** The keys of {@code map} (an object), cleaned; its values are never read. */
  private static void names(String source, JsonNode map, Set<ConfiguredMcpServer> out) {
    if (!map.isObject()) {
      return;
    }
    for (Iterator<String> it = map.fieldNames(); it.hasNext(); ) {
      String name = clean(it.next());
      if (!name.isEmpty()) {
        out.add(new ConfiguredMcpServer(source, name));
      }
    }
  }

  /** Control characters dropped, credentials-looking text redacted, at most {@link #MAX_NAME} characters. */
  static String clean(String name) {
    String s = Credentials.scrub(name.replaceAll("\\p{Cntrl}", "").strip());
    return s.length() > MAX_NAME ? s.substring(0, MAX_NAME) : s;
  }

  private static JsonNode json(Path file, List<String> problems) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException | RuntimeException e) {
      problems.add(file + ": not readable as JSON");
      return null;
    }
  }

  private static JsonNode toml(Path file, List<String> problems) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return TOML.readTree(file.toFile());
    } catch (IOException | RuntimeException e) {
      problems.add(file + ": not readable as TOML");
      return null;
    }
  }
}
