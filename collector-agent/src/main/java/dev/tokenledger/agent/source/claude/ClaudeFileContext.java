package dev.tokenledger.agent.source.claude;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a transcript's path says about it: main session file ({@code <sessionId>.jsonl}), 2.1.x
 * sub-agent file ({@code <sessionId>/subagents/agent-<agentId>.jsonl}, with an optional
 * {@code agent-<agentId>.meta.json} sidecar giving the agent type; {@code agent-acompact-*} is the
 * context-compaction agent) or 2.0.x sub-agent file ({@code agent-<agentId>.jsonl} in the project
 * directory).
 */
record ClaudeFileContext(String fileSessionId, String agentId, String parentSessionId, String agentRole) {

  private static final ObjectMapper JSON = new ObjectMapper();

  static ClaudeFileContext of(Path file) {
    String name = file.getFileName().toString();
    String stem = name.endsWith(".jsonl") ? name.substring(0, name.length() - 6) : name;
    if (!stem.startsWith("agent-")) {
      return new ClaudeFileContext(stem, null, null, null);
    }
    String agentId = stem.substring("agent-".length());
    Path dir = file.getParent();
    String parentSession = null;
    if (dir != null && dir.getFileName() != null && dir.getFileName().toString().equals("subagents")
        && dir.getParent() != null && dir.getParent().getFileName() != null) {
      parentSession = dir.getParent().getFileName().toString();
    }
    String role;
    if (agentId.startsWith("acompact")) {
      role = "compaction";
    } else {
      role = metaAgentType(file.resolveSibling(stem + ".meta.json"));
      if (role == null) {
        role = "subagent";
      }
    }
    return new ClaudeFileContext(parentSession, agentId, parentSession, role);
  }

  private static String metaAgentType(Path meta) {
    try {
      if (!Files.isRegularFile(meta) || Files.size(meta) > 64 * 1024) {
        return null;
      }
      JsonNode node = JSON.readTree(meta.toFile());
      JsonNode type = node == null ? null : node.get("agentType");
      return type != null && type.isTextual() && !type.asText().isBlank() ? type.asText() : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  boolean subAgentFile() {
    return agentId != null;
  }
}
