package dev.tokenledger.agent.efficiency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenledger.agent.checkpoint.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.tokenledger.events.SourceTool;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * What the agent has already published for the efficiency figures, in {@code efficiency.json} of the
 * state directory: the ids of the commits published (the most recent {@link #MAX_COMMITS}), the
 * sessions whose commits are still to be published (a failed send, or open when the agent stopped), and
 * the fingerprint and time of the last MCP inventory report. It saves work and traffic, not correctness:
 * a commit published twice is still one warehouse row (ADR 0620). A missing or unreadable file is an
 * empty state.
 */
public final class EfficiencyState {

  static final String FILE = "efficiency.json";
  static final int MAX_COMMITS = 50_000;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final LinkedHashSet<String> commits = new LinkedHashSet<>();
  private final List<TrackedSession> pending = new ArrayList<>();
  private String inventoryFingerprint;
  private Instant inventoryReportedAt;

  private EfficiencyState(Path file) {
    this.file = file;
  }

  /** The state in {@code stateDir}. */
  public static EfficiencyState open(Path stateDir) {
    EfficiencyState s = new EfficiencyState(stateDir.resolve(FILE));
    if (Files.isRegularFile(s.file)) {
      try {
        JsonNode root = JSON.readTree(s.file.toFile());
        root.path("commits").forEach(n -> s.commits.add(n.asText()));
        root.path("pendingSessions").forEach(n -> s.pending.add(session(n)));
        JsonNode inv = root.path("inventory");
        if (inv.hasNonNull("fingerprint") && inv.hasNonNull("reportedAt")) {
          s.inventoryFingerprint = inv.get("fingerprint").asText();
          s.inventoryReportedAt = Instant.parse(inv.get("reportedAt").asText());
        }
      } catch (IOException | RuntimeException e) {
        s.commits.clear();   // unreadable: start empty (a re-publication is harmless)
        s.pending.clear();
        s.inventoryFingerprint = null;
        s.inventoryReportedAt = null;
      }
    }
    return s;
  }

  public synchronized boolean commitPublished(String commitId) {
    return commits.contains(commitId);
  }

  public synchronized void commitsPublished(Iterable<String> ids) {
    for (String id : ids) {
      commits.remove(id);
      commits.add(id);
    }
    while (commits.size() > MAX_COMMITS) {
      commits.remove(commits.iterator().next());
    }
    save();
  }

  /** The sessions whose commits are still to be read and published. */
  public synchronized List<TrackedSession> pendingSessions() {
    return List.copyOf(pending);
  }

  public synchronized void pendingSessions(List<TrackedSession> sessions) {
    if (sessions.isEmpty() && pending.isEmpty()) {
      return;
    }
    pending.clear();
    pending.addAll(sessions);
    save();
  }

  public synchronized Optional<String> inventoryFingerprint() {
    return Optional.ofNullable(inventoryFingerprint);
  }

  public synchronized Optional<Instant> inventoryReportedAt() {
    return Optional.ofNullable(inventoryReportedAt);
  }

  public synchronized void inventoryReported(String fingerprint, Instant at) {
    inventoryFingerprint = fingerprint;
    inventoryReportedAt = at;
    save();
  }

  private static TrackedSession session(JsonNode n) {
    return new TrackedSession(n.get("orgId").asText(), n.get("userId").asText(), text(n, "team"),
        SourceTool.valueOf(n.get("source").asText()), n.get("sessionId").asText(), n.get("projectId").asText(), text(n, "branch"),
        Path.of(n.get("repository").asText()), Instant.parse(n.get("firstEvent").asText()),
        Instant.parse(n.get("lastEvent").asText()), Instant.parse(n.get("lastSeen").asText()));
  }

  private static String text(JsonNode n, String field) {
    return n.hasNonNull(field) ? n.get(field).asText() : null;
  }

  private void save() {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode ids = root.putArray("commits");
    commits.forEach(ids::add);
    ArrayNode sessions = root.putArray("pendingSessions");
    for (TrackedSession t : pending) {
      ObjectNode n = sessions.addObject();
      n.put("orgId", t.orgId()).put("userId", t.userId()).put("team", t.team()).put("source", t.source().name())
          .put("sessionId", t.sessionId()).put("projectId", t.projectId()).put("branch", t.branch())
          .put("repository", t.repository().toString()).put("firstEvent", t.firstEvent().toString())
          .put("lastEvent", t.lastEvent().toString()).put("lastSeen", t.lastSeen().toString());
    }
    if (inventoryFingerprint != null) {
      root.putObject("inventory").put("fingerprint", inventoryFingerprint).put("reportedAt", inventoryReportedAt.toString());
    }
    try {
      AtomicFiles.write(file, JSON.writeValueAsBytes(root));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
