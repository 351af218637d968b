package dev.tokenledger.agent.source.codex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** How the Codex classes read a rollout's JSON: one shared mapper, and text fields that are present and not blank. */
final class CodexJson {

  static final ObjectMapper JSON = new ObjectMapper();

  private CodexJson() {}

  /** The node's text, or null when it is not a non-blank string. */
  static String text(JsonNode node) {
    return node != null && node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
  }

  /** The first of the nodes that has a {@link #text}, or null. */
  static String firstText(JsonNode... nodes) {
    for (JsonNode n : nodes) {
      String t = text(n);
      if (t != null) {
        return t;
      }
    }
    return null;
  }
}
