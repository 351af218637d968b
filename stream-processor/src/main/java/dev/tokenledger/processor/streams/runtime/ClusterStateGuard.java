package dev.tokenledger.processor.streams.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local Streams state belongs to the Kafka cluster whose changelogs it was restored from. Its
 * checkpoints name changelog offsets of that cluster; against a rebuilt or different cluster (same
 * topic names, new logs) they point past the end of the new changelogs and the application cannot
 * restore. So the state directory records the cluster id it was built against
 * ({@code <state.dir>/<application.id>.kafka-cluster-id}, beside the application's directory), and
 * state built against another cluster (or state that predates the marker) is wiped before the
 * application starts: it is then restored
 * from the current cluster's changelogs (or rebuilt from the input topics), which is the only state
 * that is consistent with the offsets that cluster has committed.
 */
public final class ClusterStateGuard {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterStateGuard.class);

  /** What the check found. */
  public enum Outcome {
    /** No marker and no task state (a first start): marker written. */
    MARKED,
    /**
     * No marker but task state (written before markers existed, against a cluster nobody can name any
     * more): state wiped, marker written. Costs one restoration from the changelogs, once.
     */
    UNMARKED_STATE_WIPED,
    /** The marker names this cluster: state kept. */
    SAME_CLUSTER,
    /** The marker names another cluster: state wiped, marker rewritten. */
    OTHER_CLUSTER_WIPED
  }

  private final Path stateDir;
  private final String applicationId;

  public ClusterStateGuard(Path stateDir, String applicationId) {
    this.stateDir = Objects.requireNonNull(stateDir, "stateDir");
    this.applicationId = Objects.requireNonNull(applicationId, "applicationId");
  }

  /** The marker file of this application's state. */
  public Path marker() {
    return stateDir.resolve(applicationId + ".kafka-cluster-id");
  }

  /**
   * Compares the recorded cluster id with {@code clusterId}; on a mismatch runs {@code wipe} (which must
   * delete the application's local state, e.g. {@code KafkaStreams::cleanUp} before {@code start}) and
   * then records the new id. The marker is written atomically, after the wipe succeeded.
   */
  public Outcome check(String clusterId, Runnable wipe) {
    if (clusterId == null || clusterId.isBlank()) {
      throw new IllegalArgumentException("the Kafka cluster reported no cluster id");
    }
    Path marker = marker();
    try {
      if (!Files.exists(marker)) {
        if (!hasTaskState()) {
          write(marker, clusterId);
          return Outcome.MARKED;
        }
        LOG.warn("the local state in {} records no Kafka cluster: wiping it so that it is restored from the changelogs of "
            + "cluster {} (once)", stateDir.resolve(applicationId), clusterId);
        wipe.run();
        write(marker, clusterId);
        return Outcome.UNMARKED_STATE_WIPED;
      }
      String recorded = Files.readString(marker, StandardCharsets.UTF_8).trim();
      if (recorded.equals(clusterId)) {
        return Outcome.SAME_CLUSTER;
      }
      LOG.warn("the local state in {} was built against Kafka cluster {}, this is cluster {}: wiping it so that it is "
          + "restored from this cluster's changelogs", stateDir.resolve(applicationId), recorded, clusterId);
      wipe.run();
      write(marker, clusterId);
      return Outcome.OTHER_CLUSTER_WIPED;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write the cluster marker " + marker, e);
    }
  }

  /** Whether the application's directory holds task (or global) state directories; files such as the lock do not count. */
  private boolean hasTaskState() throws IOException {
    Path appDir = stateDir.resolve(applicationId);
    if (!Files.isDirectory(appDir)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(appDir)) {
      return entries.anyMatch(Files::isDirectory);
    }
  }

  private static void write(Path marker, String clusterId) throws IOException {
    Files.createDirectories(marker.getParent());
    Path tmp = marker.resolveSibling(marker.getFileName() + ".tmp");
    Files.writeString(tmp, clusterId + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, marker, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
