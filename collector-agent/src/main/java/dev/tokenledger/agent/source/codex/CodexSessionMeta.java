package dev.tokenledger.agent.source.codex;

import static dev.tokenledger.agent.source.codex.CodexJson.firstText;
import static dev.tokenledger.agent.source.codex.CodexJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenledger.agent.source.Timestamps;
import java.nio.file.Path;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The thread a rollout describes, kept in the parser state: session id (from the first
 * {@code session_meta}, else the UUID in the file name), parent thread, sub-agent role and name, the
 * second in which a forked or spawned thread replays its parent's history, and the attribution
 * ({@code cwd}, git branch and commit, CLI version, session model, model provider).
 */
final class CodexSessionMeta {

  private static final Pattern UUID =
      Pattern.compile("([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})");

  private CodexSessionMeta() {}

  /** Applies a {@code session_meta} record; only the file's first one (its own thread) counts. */
  static void apply(ObjectNode state, JsonNode line, JsonNode p) {
    if (state.path("meta").asBoolean(false)) {
      return; // first session_meta describes the file's thread
    }
    String id = text(p.path("id"));
    if (id == null) {
      return;
    }
    state.put("meta", true);
    state.put("s", id);
    JsonNode source = p.path("source");
    JsonNode subagent = source.path("subagent");
    String parent = firstText(p.path("parent_thread_id"), subagent.path("thread_spawn").path("parent_thread_id"),
        p.path("forked_from_id"));
    String root = text(p.path("session_id"));
    if (parent == null && root != null && !root.equals(id)) {
      parent = root;
    }
    putIf(state, "p", parent);
    if (!subagent.isMissingNode()) {
      state.put("sub", true);
      String role = subagent.isTextual() ? subagent.asText()
          : firstText(subagent.path("thread_spawn").path("agent_role"), p.path("agent_role"));
      state.put("role", role != null ? role : "subagent");
      putIf(state, "an", firstText(subagent.path("thread_spawn").path("agent_nickname"), p.path("agent_nickname")));
    }
    if (!subagent.isMissingNode() || p.hasNonNull("forked_from_id")) {
      Instant created = Timestamps.parse(firstText(line.path("timestamp"), p.path("timestamp")));
      if (created != null) {
        state.put("replaySec", created.getEpochSecond()); // replayed history is written in this second
      }
    }
    putIf(state, "c", text(p.path("cwd")));
    putIf(state, "b", text(p.path("git").path("branch")));
    putIf(state, "h", text(p.path("git").path("commit_hash")));
    putIf(state, "v", text(p.path("cli_version")));
    putIf(state, "sm", text(p.path("model")));
    putIf(state, "prov", text(p.path("model_provider")));
  }

  /** Whether a record of this time is the replayed parent history of a forked or spawned thread. */
  static boolean inReplaySecond(ObjectNode state, Instant time) {
    return state.has("replaySec") && time.getEpochSecond() == state.get("replaySec").asLong();
  }

  /** The session id in a rollout file name ({@code rollout-YYYY-MM-DDThh-mm-ss-<uuid>[_<rollout id>]}), else its stem. */
  static String sessionFromFileName(Path file) {
    String name = file.getFileName().toString();
    String stem = name.endsWith(".jsonl") ? name.substring(0, name.length() - 6) : name;
    Matcher m = UUID.matcher(stem);
    return m.find() ? m.group(1) : stem;
  }

  private static void putIf(ObjectNode state, String key, String value) {
    if (value != null) {
      state.put(key, value);
    }
  }
}
