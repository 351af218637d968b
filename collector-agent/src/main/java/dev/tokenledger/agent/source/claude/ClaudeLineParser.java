package dev.tokenledger.agent.source.claude;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tokenledger.agent.source.JsonNumbers;
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
            JsonNumbers.Decimal cost = JsonNumbers.decimal(p, t);
            if (cost.ok()) {
              line.costUsd = cost.value();
            } else {
              line.invalid.add("costUSD " + cost.problem());
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
        case "stop_reason" -> {
          line.stopReason = t != JsonToken.VALUE_NULL;
          p.skipChildren();
        }
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
          case "text", "thinking" -> {
            if (t == JsonToken.VALUE_STRING) {
              line.contentChars += p.getTextLength();   // the length only: content is never kept
            } else {
              p.skipChildren();
            }
          }
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
        case "input_tokens" -> line.input = count(p, t, line, "message.usage.input_tokens", 0);
        case "output_tokens" -> line.output = count(p, t, line, "message.usage.output_tokens", 0);
        case "cache_creation_input_tokens" ->
            line.cacheCreation = count(p, t, line, "message.usage.cache_creation_input_tokens", -1);
        case "cache_read_input_tokens" -> line.cacheRead = count(p, t, line, "message.usage.cache_read_input_tokens", 0);
        case "service_tier" -> line.serviceTier = text(p, t);
        case "speed" -> line.speed = text(p, t);
        case "cache_creation" -> {
          if (t == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String k = p.currentName();
              JsonToken v = p.nextToken();
              if (k.equals("ephemeral_5m_input_tokens")) {
                line.ephemeral5m = count(p, v, line, "message.usage.cache_creation." + k, -1);
              } else if (k.equals("ephemeral_1h_input_tokens")) {
                line.ephemeral1h = count(p, v, line, "message.usage.cache_creation." + k, -1);
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
                line.webSearch = smallCount(p, v, line, "message.usage.server_tool_use." + k);
              } else if (k.equals("web_fetch_requests")) {
                line.webFetch = smallCount(p, v, line, "message.usage.server_tool_use." + k);
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
                line.thinking = count(p, v, line, "message.usage.output_tokens_details." + k, 0);
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

  /**
   * A token count; {@code absent} when the field is null. A value that is not a non-negative whole
   * number is recorded in {@link ClaudeLine#invalid} (the line is then not billed) and counts as absent.
   */
  private static long count(JsonParser p, JsonToken t, ClaudeLine line, String field, long absent) throws IOException {
    JsonNumbers.Count c = JsonNumbers.count(p, t);
    if (!c.ok()) {
      line.invalid.add(field + " " + c.problem());
      return absent;
    }
    return c.present() ? c.value() : absent;
  }

  private static int smallCount(JsonParser p, JsonToken t, ClaudeLine line, String field) throws IOException {
    long n = count(p, t, line, field, 0);
    if (n > Integer.MAX_VALUE) {
      line.invalid.add(field + " is too large, was " + n);
      return 0;
    }
    return (int) n;
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
