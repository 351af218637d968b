package dev.tokenledger.agent.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Compact JSON for {@link FileCursor#parserState()}. */
public final class ParserStates {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ParserStates() {}

  /** The state as an object; an empty or unreadable state gives an empty object (start afresh). */
  public static ObjectNode read(String state) {
    if (state == null || state.isEmpty()) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(state) instanceof ObjectNode o ? o : JSON.createObjectNode();
    } catch (JsonProcessingException e) {
      return JSON.createObjectNode();
    }
  }

  public static ObjectNode empty() {
    return JSON.createObjectNode();
  }

  /** The compact string; an empty object gives "". */
  public static String write(ObjectNode node) {
    if (node == null || node.isEmpty()) {
      return "";
    }
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
