package dev.tokenledger.agent.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a spool directory holds when it is opened: the acknowledged sequence ({@code acked}), the epoch,
 * and the segments, each validated record by record. A torn tail of the LAST segment (a record cut by a
 * crash: never synced, so its log lines were never checkpointed) is truncated away and counted. A bad
 * record in a sealed segment (forced to disk before the next was created) is corruption of checkpointed
 * data: {@link SpoolCorruptException}, and every byte is kept. Segments must continue each other's
 * sequence.
 */
final class SpoolRecovery {

  /**
   * The recovered state.
   *
   * @param segments the segments, in order, their sizes durable
   * @param ackedSeq the last sequence Kafka acknowledged (0 if none)
   * @param bytes the segments' bytes
   * @param truncatedBytes bytes of torn records dropped
   * @param epoch the spool's epoch
   */
  record Recovered(List<SpoolSegment> segments, long ackedSeq, long bytes, long truncatedBytes, SpoolEpoch epoch) {}

  static final String ACKED_FILE = "acked";

  private SpoolRecovery() {}

  /** Recovers the spool in {@code dir}; segments without a format file get {@code format}. */
  static Recovered recover(Path dir, String format) throws IOException {
    Path ackFile = dir.resolve(ACKED_FILE);
    long ackedSeq = Files.isRegularFile(ackFile)
        ? Long.parseLong(Files.readString(ackFile, StandardCharsets.UTF_8).trim()) : 0;
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(p -> p.getFileName().toString().matches(SpoolSegment.NAME_PATTERN)).sorted().toList();
    }
    SpoolEpoch epoch = SpoolEpoch.readOrCreate(dir, Files.isRegularFile(ackFile) || !files.isEmpty());
    List<SpoolSegment> segments = new ArrayList<>();
    long bytes = 0;
    long truncatedBytes = 0;
    long expected = -1;
    for (int i = 0; i < files.size(); i++) {
      Path p = files.get(i);
      SpoolSegment seg = SpoolSegment.of(p);
      Path sidecar = seg.formatFile();
      seg.format = Files.isRegularFile(sidecar) ? Files.readString(sidecar, StandardCharsets.UTF_8) : format;
      long valid = seg.scan(null);
      long size = Files.size(p);
      if (valid < size) {
        if (i < files.size() - 1) {
          // a sealed segment was forced to disk before the next one was created: its records are
          // covered by checkpoints, so a bad record here is corruption, not a torn write. Keep every
          // byte (the operator decides) and stop.
          throw new SpoolCorruptException(p, valid, seg.stopReason);
        }
        // only the tail of the last segment can be torn by a crash: those records were never synced
        truncatedBytes += size - valid;
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
          ch.truncate(valid);
          ch.force(true);
        }
      }
      seg.size = valid;
      seg.durableSize = valid;
      if (expected >= 0 && seg.firstSeq != expected) {
        throw new IOException("spool segment " + p + " starts at " + seg.firstSeq + ", expected " + expected);
      }
      expected = seg.lastSeq + 1;
      segments.add(seg);
      bytes += valid;
    }
    return new Recovered(segments, ackedSeq, bytes, truncatedBytes, epoch);
  }
}
