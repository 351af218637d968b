package dev.tokenledger.agent.inventory;

import java.util.Objects;

/**
 * One MCP server configured in an assistant's settings: which assistant and the server's NAME — the
 * only thing the inventory ever reads or reports (never its command, arguments, environment, URL or
 * headers).
 *
 * @param source the assistant, as the event contract names it (CLAUDE_CODE, CODEX_CLI, GEMINI_CLI)
 * @param server the configured name
 */
public record ConfiguredMcpServer(String source, String server) implements Comparable<ConfiguredMcpServer> {

  public ConfiguredMcpServer {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(server, "server");
  }

  @Override
  public int compareTo(ConfiguredMcpServer o) {
    int c = source.compareTo(o.source);
    return c != 0 ? c : server.compareTo(o.server);
  }
}
