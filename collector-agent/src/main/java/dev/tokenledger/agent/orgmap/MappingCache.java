package dev.tokenledger.agent.orgmap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenledger.agent.checkpoint.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * The last good mapping document and what is known about it, in the state directory
 * ({@code org-mapping/document} and {@code org-mapping/meta.json}), each replaced atomically. A copy
 * fetched from another location than the configured one is ignored.
 */
final class MappingCache {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param location where the document came from
   * @param etag its ETag, or null
   * @param fetchedAt when it was received
   * @param checkedAt when its location last confirmed it
   * @param lastError the last failed read, or null
   * @param errorAt when, or null
   * @param attemptAt the last read attempt
   */
  record Meta(String location, String etag, Instant fetchedAt, Instant checkedAt, String lastError, Instant errorAt,
      Instant attemptAt) {}

  private final Path dir;
  private final boolean persist;

  /** @param persist false: only read (a dry run, doctor) */
  MappingCache(Path stateDir, boolean persist) {
    this.dir = stateDir == null ? null : stateDir.resolve("org-mapping");
    this.persist = persist && stateDir != null;
  }

  Path documentFile() {
    return dir == null ? null : dir.resolve("document");
  }

  /** The cached meta and document for {@code location}, if there are both. */
  Optional<Cached> read(String location) {
    if (dir == null) {
      return Optional.empty();
    }
    try {
      Path metaFile = dir.resolve("meta.json");
      Path doc = documentFile();
      if (!Files.isRegularFile(metaFile)) {
        return Optional.empty();
      }
      Meta meta = meta(JSON.readTree(metaFile.toFile()));
      if (!location.equals(meta.location())) {
        return Optional.empty();
      }
      byte[] bytes = Files.isRegularFile(doc) && meta.fetchedAt() != null ? Files.readAllBytes(doc) : null;
      return Optional.of(new Cached(meta, bytes));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // an unreadable cache is no cache: the location is read again
    }
  }

  /** @param document the bytes, or null when only the meta changes */
  record Cached(Meta meta, byte[] document) {}

  void write(Meta meta, byte[] document) throws IOException {
    if (!persist) {
      return;
    }
    if (document != null) {
      AtomicFiles.write(documentFile(), document);
    }
    ObjectNode n = JSON.createObjectNode();
    n.put("location", meta.location());
    n.put("etag", meta.etag());
    n.put("fetchedAt", text(meta.fetchedAt()));
    n.put("checkedAt", text(meta.checkedAt()));
    n.put("lastError", meta.lastError());
    n.put("errorAt", text(meta.errorAt()));
    n.put("attemptAt", text(meta.attemptAt()));
    AtomicFiles.write(dir.resolve("meta.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
  }

  private static Meta meta(JsonNode n) {
    return new Meta(str(n, "location"), str(n, "etag"), instant(n, "fetchedAt"), instant(n, "checkedAt"),
        str(n, "lastError"), instant(n, "errorAt"), instant(n, "attemptAt"));
  }

  private static String str(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static Instant instant(JsonNode n, String field) {
    String s = str(n, field);
    return s == null ? null : Instant.parse(s);
  }

  private static String text(Instant i) {
    return i == null ? null : i.toString();
  }
}
