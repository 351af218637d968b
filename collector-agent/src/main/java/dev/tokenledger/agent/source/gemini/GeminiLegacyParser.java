package dev.tokenledger.agent.source.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenledger.agent.source.FileCursor;
import dev.tokenledger.agent.source.FileIdentity;
import dev.tokenledger.agent.source.HeldBack;
import dev.tokenledger.agent.source.LogFileParser;
import dev.tokenledger.agent.source.ParseProblem;
import dev.tokenledger.agent.source.ParseSink;
import dev.tokenledger.agent.source.ParsedUsage;
import dev.tokenledger.agent.source.ParserStates;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A legacy Gemini chat ({@code session-*.json}: one {@code ConversationRecord}, rewritten whole on
 * every update). Read whole, and only once the file is at rest (unchanged for the quiet period), so
 * every message in it is final; the ids already emitted are kept in the parser state, so a later
 * rewrite (a resumed chat) only adds its new messages; a file that now holds another session starts
 * afresh (its keys differ anyway). Until at rest the cursor stays at 0.
 */
final class GeminiLegacyParser implements LogFileParser {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_BYTES = 256L << 20;

  private final Clock clock;
  private final Duration quiet;

  GeminiLegacyParser(Clock clock, Duration quiet) {
    this.clock = clock;
    this.quiet = quiet;
  }

  @Override
  public FileCursor read(Path file, FileCursor from, ParseSink sink) throws IOException {
    // no prefix check: a legacy chat is rewritten whole; the emitted ids (per session id) decide
    FileCursor cursor = from;
    java.time.Instant modified = Files.getLastModifiedTime(file).toInstant();
    if (modified.isAfter(clock.instant().minus(quiet))) {
      sink.heldBack(new HeldBack(file, -1, quiet, modified.plus(quiet)));
      return cursor.offset() == 0 ? FileCursor.START : new FileCursor(0, cursor.identity(), cursor.parserState());
    }
    long size = Files.size(file);
    if (size > MAX_BYTES) {
      sink.problem(new ParseProblem(file, 0, ParseProblem.Kind.UNSUPPORTED_FORMAT,
          "legacy chat file larger than the limit", size + " bytes"));
      return new FileCursor(size, FileIdentity.of(file), cursor.parserState());
    }
    ObjectNode state = ParserStates.read(cursor.parserState());
    Set<String> emitted = new HashSet<>();
    JsonNode root;
    try {
      root = JSON.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      if (e instanceof com.fasterxml.jackson.core.JacksonException) {
        sink.problem(new ParseProblem(file, 0, ParseProblem.Kind.MALFORMED_RECORD,
            "legacy chat is not valid JSON (partially written?)", size + " bytes"));
        return new FileCursor(size, FileIdentity.of(file), cursor.parserState());
      }
      throw e;
    }
    if (root == null || !root.isObject() || !root.path("messages").isArray()) {
      sink.problem(new ParseProblem(file, 0, ParseProblem.Kind.UNSUPPORTED_FORMAT,
          "not a Gemini ConversationRecord (no messages[])", root == null ? "" : keys(root)));
      return new FileCursor(size, FileIdentity.of(file), cursor.parserState());
    }
    String sessionId = root.path("sessionId").asText(stem(file));
    if (sessionId.equals(state.path("s").asText(null))) {
      state.path("ids").forEach(n -> emitted.add(n.asText()));
    }
    state.put("s", sessionId); // another conversation under the same name: its ids start afresh
    String parent = GeminiMessages.parentFromPath(file);
    boolean sub = "subagent".equals(root.path("kind").asText()) || parent != null;
    String model = root.path("model").isTextual() ? root.path("model").asText() : null;
    String cwd = firstDirectory(root);
    GeminiMessages.Session session = new GeminiMessages.Session(sessionId, parent, sub, model,
        cwd != null ? cwd : GeminiMessages.projectRoot(file));
    // last record per id wins (a message can appear more than once in a checkpoint rebuild)
    Map<String, JsonNode> byId = new LinkedHashMap<>();
    for (JsonNode m : root.path("messages")) {
      if (GeminiMessages.billable(m)) {
        byId.put(m.path("id").asText(), m);
      }
    }
    ArrayNode ids = state.putArray("ids");
    emitted.forEach(ids::add);
    for (JsonNode m : byId.values()) {
      String id = m.path("id").asText();
      if (emitted.contains(id)) {
        continue;
      }
      GeminiMessages.Converted converted = GeminiMessages.toUsage(m, session);
      if (converted.usage() == null) {
        sink.problem(new ParseProblem(file, 0, converted.kind(), converted.problem(), "message " + id));
        ids.add(id); // reported once, not again at the next rewrite
        continue;
      }
      ParsedUsage usage = converted.usage();
      if (usage.model().equals(GeminiMessages.UNKNOWN_MODEL)) {
        sink.problem(new ParseProblem(file, 0, ParseProblem.Kind.UNKNOWN_MODEL, "gemini message without a model (emitted as unknown)", "message " + id));
      }
      sink.usage(usage);
      ids.add(id);
    }
    return new FileCursor(size, FileIdentity.of(file), ParserStates.write(state));
  }

  static String firstDirectory(JsonNode root) {
    JsonNode dirs = root.path("directories");
    return dirs.isArray() && dirs.size() > 0 && dirs.get(0).isTextual() ? dirs.get(0).asText() : null;
  }

  private static String stem(Path file) {
    String n = file.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot > 0 ? n.substring(0, dot) : n;
  }

  private static String keys(JsonNode node) {
    StringBuilder sb = new StringBuilder("keys [");
    node.fieldNames().forEachRemaining(k -> sb.append(k).append(' '));
    return sb.append(']').toString();
  }
}
