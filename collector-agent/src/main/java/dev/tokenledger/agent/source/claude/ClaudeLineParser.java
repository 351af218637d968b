package dev.tokenledger.agent.source.claude;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Streaming (no tree) parse of one transcript line into a {@link ClaudeLine}: reads only the fields
 * usage needs and skips everything else (message content text, tool inputs, tool results) without
 * decoding it.
 */
final class ClaudeLineParser {

  private static final JsonFactory JSON = JsonFactory.builder().build();

  /**
   * Parses {@code buf[start, end)}; throws on malformed JSON. Stops early at a top-level
   * {@code type} other than {@code assistant}.
   */
  ClaudeLine parse(byte[] buf, int start, int end) throws IOException {
    ClaudeLine line = new ClaudeLine();
    try (JsonParser p = JSON.createParser(buf, start, end - start)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        switch (name) {
          case "type" -> {
            line.type = text(p, t);
            if (!"assistant".equals(line.type)) {
              return line; // user / progress / …: the rest (often a large tool result) is not needed
            }
          }
          case "uuid" -> line.uuid = text(p, t);
          case "timestamp" -> line.timestamp = text(p, t);
          case "sessionId" -> line.sessionId = text(p, t);
          case "cwd" -> line.cwd = text(p, t);
          case "gitBranch" -> line.gitBranch = text(p, t);
          case "version" -> line.version = text(p, t);
          case "isSidechain" -> line.sidechain = t == JsonToken.VALUE_TRUE;
          case "agentId" -> line.agentId = text(p, t);
          case "requestId" -> line.requestId = text(p, t);
          case "isApiErrorMessage" -> line.apiError = t == JsonToken.VALUE_TRUE;
          case "costUSD" -> {
            if (t == JsonToken.VALUE_NUMBER_FLOAT || t == JsonToken.VALUE_NUMBER_INT) {
              line.costUsd = p.getDecimalValue();
            }
          }
          case "message" -> {
            if (t == JsonToken.START_OBJECT) {
              message(p, line);
            } else {
              p.skipChildren();
            }
          }
          default -> p.skipChildren();
        }
      }
      if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw new IOException("trailing content after the JSON object");
      }
    }
    return line;
  }

  private static void message(JsonParser p, ClaudeLine line) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      switch (name) {
        case "id" -> line.messageId = text(p, t);
        case "model" -> line.model = text(p, t);
        case "usage" -> {
          if (t == JsonToken.START_OBJECT) {
            line.hasUsage = true;
            usage(p, line);
          } else {
            p.skipChildren();
          }
        }
        case "content" -> {
          if (t == JsonToken.START_ARRAY) {
            content(p, line);
          } else {
            p.skipChildren();
          }
        }
        default -> p.skipChildren();
      }
    }
  }

  private static void content(JsonParser p, ClaudeLine line) throws IOException {
    while (p.nextToken() == JsonToken.START_OBJECT) {
      String type = null;
      String id = null;
      String toolName = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        switch (name) {
          case "type" -> type = text(p, t);
          case "id" -> id = text(p, t);
          case "name" -> toolName = text(p, t);
          default -> p.skipChildren();
        }
      }
      if (("tool_use".equals(type) || "server_tool_use".equals(type)) && toolName != null) {
        line.toolUses.add(new String[] {id, toolName});
      }
    }
    if (p.currentToken() != JsonToken.END_ARRAY) {
      p.skipChildren();
      // a scalar array element: skip the rest of the array
      while (p.currentToken() != JsonToken.END_ARRAY && p.nextToken() != null) {
        p.skipChildren();
      }
    }
  }

  private static void usage(JsonParser p, ClaudeLine line) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      switch (name) {
        case "input_tokens" -> line.input = number(p, t);
        case "output_tokens" -> line.output = number(p, t);
        case "cache_creation_input_tokens" -> {
          if (t.isNumeric()) {
            line.cacheCreation = number(p, t);
          }
        }
        case "cache_read_input_tokens" -> line.cacheRead = number(p, t);
        case "service_tier" -> line.serviceTier = text(p, t);
        case "speed" -> line.speed = text(p, t);
        case "cache_creation" -> {
          if (t == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String k = p.currentName();
              JsonToken v = p.nextToken();
              if (k.equals("ephemeral_5m_input_tokens") && v.isNumeric()) {
                line.ephemeral5m = number(p, v);
              } else if (k.equals("ephemeral_1h_input_tokens") && v.isNumeric()) {
                line.ephemeral1h = number(p, v);
              } else {
                p.skipChildren();
              }
            }
          } else {
            p.skipChildren();
          }
        }
        case "server_tool_use" -> {
          if (t == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String k = p.currentName();
              JsonToken v = p.nextToken();
              if (k.equals("web_search_requests")) {
                line.webSearch = (int) number(p, v);
              } else if (k.equals("web_fetch_requests")) {
                line.webFetch = (int) number(p, v);
              } else {
                p.skipChildren();
              }
            }
          } else {
            p.skipChildren();
          }
        }
        case "output_tokens_details" -> {
          if (t == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String k = p.currentName();
              JsonToken v = p.nextToken();
              if (k.equals("thinking_tokens")) {
                line.thinking = number(p, v);
              } else {
                p.skipChildren();
              }
            }
          } else {
            p.skipChildren();
          }
        }
        default -> p.skipChildren();
      }
    }
  }

  private static String text(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    p.skipChildren();
    return null;
  }

  private static long number(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NUMBER_INT) {
      return Math.max(0, p.getLongValue());
    }
    if (t == JsonToken.VALUE_NUMBER_FLOAT) {
      return Math.max(0, (long) p.getDoubleValue());
    }
    p.skipChildren();
    return 0;
  }

  /** Whether {@code buf} is exactly one complete JSON object (every token read). */
  static boolean isCompleteObject(byte[] buf) {
    try (JsonParser p = JSON.createParser(buf)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      p.skipChildren();
      return p.nextToken() == null;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * A structural description of a line for problem reports: its top-level keys (no values), as far
   * as it parses. Never contains content.
   */
  static String structure(byte[] buf, int start, int end) {
    List<String> keys = new ArrayList<>();
    try (JsonParser p = JSON.createParser(buf, start, end - start)) {
      if (p.nextToken() == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME && keys.size() < 20) {
          keys.add(p.currentName());
          p.nextToken();
          p.skipChildren();
        }
      }
    } catch (IOException | RuntimeException e) {
      keys.add("…");
    }
    return (end - start) + " bytes; keys " + keys;
  }
}
