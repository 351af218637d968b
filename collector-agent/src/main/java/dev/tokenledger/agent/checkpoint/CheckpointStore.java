package dev.tokenledger.agent.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenledger.agent.source.FileCursor;
import dev.tokenledger.events.SourceTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The per-file cursors of every log file, kept in memory and persisted atomically as one JSON file
 * ({@code checkpoints.json}: temp file, fsync, atomic rename, directory fsync). A crash leaves either
 * the previous or the new version, never a torn one. {@link #save()} is called only after the spool
 * holding the events read up to these cursors was fsynced.
 */
public final class CheckpointStore {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int FORMAT = 1;

  private final Path file;
  private final Map<String, FileCheckpoint> cursors = new TreeMap<>();
  private boolean dirty;

  private CheckpointStore(Path file) {
    this.file = file;
  }

  /** Opens the store in {@code stateDir} (empty if none was saved yet). */
  public static CheckpointStore open(Path stateDir) throws IOException {
    CheckpointStore store = new CheckpointStore(stateDir.resolve("checkpoints.json"));
    store.load();
    return store;
  }

  /** A store that lives only in memory (dry runs start from the beginning and save nothing). */
  public static CheckpointStore inMemory() {
    return new CheckpointStore(null);
  }

  /** Reads a saved store without ever writing it (for {@code status}). */
  public static Map<String, FileCheckpoint> readOnly(Path stateDir) throws IOException {
    CheckpointStore store = new CheckpointStore(stateDir.resolve("checkpoints.json"));
    store.load();
    return store.all();
  }

  private void load() throws IOException {
    if (file == null || !Files.isRegularFile(file)) {
      return;
    }
    JsonNode root = JSON.readTree(file.toFile());
    if (root.path("format").asInt() != FORMAT) {
      throw new IOException("unsupported checkpoint format in " + file + ": " + root.path("format"));
    }
    for (JsonNode n : root.path("files")) {
      FileCursor cursor = new FileCursor(n.path("offset").asLong(), n.path("identity").asText(""),
          n.path("state").asText(""));
      Instant last = n.hasNonNull("lastEvent") ? Instant.parse(n.path("lastEvent").asText()) : null;
      cursors.put(n.path("path").asText(), new FileCheckpoint(SourceTool.valueOf(n.path("source").asText()),
          cursor, n.path("size").asLong(), n.path("modified").asLong(), last, n.path("failed").asBoolean(false)));
    }
  }

  public Optional<FileCheckpoint> get(Path path) {
    return Optional.ofNullable(cursors.get(path.toString()));
  }

  public void put(Path path, FileCheckpoint checkpoint) {
    cursors.put(path.toString(), checkpoint);
    dirty = true;
  }

  public void remove(String path) {
    if (cursors.remove(path) != null) {
      dirty = true;
    }
  }

  public Map<String, FileCheckpoint> all() {
    return Collections.unmodifiableMap(cursors);
  }

  /** Persists the cursors atomically if anything changed. */
  public void save() throws IOException {
    if (!dirty || file == null) {
      return;
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    ArrayNode files = root.putArray("files");
    cursors.forEach((path, c) -> {
      ObjectNode n = files.addObject();
      n.put("path", path);
      n.put("source", c.source().name());
      n.put("offset", c.cursor().offset());
      n.put("identity", c.cursor().identity());
      n.put("state", c.cursor().parserState());
      n.put("size", c.size());
      n.put("modified", c.modified());
      if (c.failed()) {
        n.put("failed", true);
      }
      if (c.lastEventTime() != null) {
        n.put("lastEvent", c.lastEventTime().toString());
      }
    });
    AtomicFiles.write(file, JSON.writeValueAsBytes(root));
    dirty = false;
  }
}
