package dev.tokenledger.agent.spool;

import dev.tokenledger.agent.checkpoint.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A durable, append-only, ordered spool of events waiting for Kafka.
 *
 * <p>Segment files {@code seg-<first seq>.log} hold CRC-framed records: {@code [int bodyLength][int
 * crc32c(body)][body]} with body = {@code [long seq][long spooledAt][16-byte event id][payload]}.
 * {@link #append} buffers, {@link #sync} makes everything appended so far durable (fsync) and only
 * then visible to readers; {@link #ack} records (atomically, in {@code acked}) the last sequence Kafka
 * has acknowledged and deletes segments that are entirely acknowledged. On {@link #open} a torn tail
 * (a record cut by a crash, detected by its length or CRC) is truncated away: such records were never
 * synced, so their log lines were never checkpointed and will be read again. Only the last segment can
 * have a torn tail: a bad record in a sealed segment (forced to disk before the next was created) is
 * corruption of checkpointed data, and opening fails with {@link SpoolCorruptException}, deleting
 * nothing. Each spool has an {@link #epoch()} (ADR 0133).
 *
 * <p>This class keeps the spool's sequence, durability, acknowledgement and recovery; the segment
 * file format (framing, CRC, validation, position index) is {@link SpoolSegment}, reading the
 * directory back on open {@link SpoolRecovery}, the epoch file {@link SpoolEpoch}.
 *
 * <p>Thread-safe: the scanner and the intake append, the publisher reads and acknowledges.
 */
public final class Spool implements AutoCloseable {

  static final long SEGMENT_BYTES = 64L << 20;

  private final Path dir;
  private final long maxBytes;
  private final List<SpoolSegment> segments = new ArrayList<>();
  private FileChannel writer;
  private ByteBuffer writeBuffer = ByteBuffer.allocate(1 << 20);
  private long nextSeq;
  private long durableSeq;
  private long ackedSeq;
  private long bytes;
  private long truncatedBytes;

  private final String format;
  private SpoolEpoch epoch;

  private Spool(Path dir, long maxBytes, String format) {
    this.dir = dir;
    this.maxBytes = maxBytes;
    this.format = format;
  }

  /** Opens (or creates) the spool in {@code dir}, recovering from a crash. */
  public static Spool open(Path dir, long maxBytes) throws IOException {
    return open(dir, maxBytes, "");
  }

  /**
   * Opens (or creates) the spool; new records are written in {@code format} (e.g. the writer schema
   * of their payload), kept per segment in {@code seg-<n>.format}: a segment holds one format only, so
   * records spooled by an older agent keep the format they were written in.
   */
  public static Spool open(Path dir, long maxBytes, String format) throws IOException {
    Files.createDirectories(dir);
    Spool s = new Spool(dir, maxBytes, format);
    s.recover();
    return s;
  }

  private void recover() throws IOException {
    SpoolRecovery.Recovered r = SpoolRecovery.recover(dir, format);
    ackedSeq = r.ackedSeq();
    epoch = r.epoch();
    segments.addAll(r.segments());
    bytes = r.bytes();
    truncatedBytes = r.truncatedBytes();
    long last = segments.isEmpty() ? ackedSeq : segments.get(segments.size() - 1).lastSeq;
    nextSeq = Math.max(last, ackedSeq) + 1;
    durableSeq = nextSeq - 1;
    deleteAckedSegments();
  }

  /** Appends one event (not yet durable: call {@link #sync}). Returns its sequence number. */
  public synchronized long append(UUID eventId, long spooledAtMillis, byte[] payload) throws IOException {
    long frame = SpoolSegment.frameLength(payload.length);
    if (bytes + frame > maxBytes) {
      throw new SpoolFullException(bytes, maxBytes);
    }
    SpoolSegment seg = segments.isEmpty() ? null : segments.get(segments.size() - 1);
    if (seg == null || writer == null || seg.size >= SEGMENT_BYTES || !seg.format.equals(format)) {
      seg = roll(seg);
    }
    long seq = nextSeq++;
    if (writeBuffer.remaining() < frame) {
      flushBuffer();
      if (writeBuffer.capacity() < frame) {
        writeBuffer = ByteBuffer.allocate((int) frame);
      }
    }
    SpoolSegment.writeFrame(writeBuffer, seq, spooledAtMillis, eventId, payload);
    seg.recordPosition(seq, seg.size);
    seg.size += frame;
    seg.lastSeq = seq;
    bytes += frame;
    return seq;
  }

  private SpoolSegment roll(SpoolSegment current) throws IOException {
    if (writer != null) {
      flushBuffer();
      writer.force(false);
      writer.close();
      writer = null;
      if (current != null) {
        current.durableSize = current.size;
      }
    }
    SpoolSegment seg = current;
    if (seg == null || seg.size >= SEGMENT_BYTES || !seg.format.equals(format)) {
      seg = SpoolSegment.create(dir, nextSeq);
      seg.format = format;
      AtomicFiles.write(seg.formatFile(), format.getBytes(StandardCharsets.UTF_8)); // before the segment exists
      segments.add(seg);
    }
    writer = FileChannel.open(seg.path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    writer.position(seg.size);
    AtomicFiles.fsyncDirectory(dir);
    return seg;
  }

  private void flushBuffer() throws IOException {
    writeBuffer.flip();
    while (writeBuffer.hasRemaining()) {
      writer.write(writeBuffer);
    }
    writeBuffer.clear();
  }

  /** Makes every appended event durable and visible to readers. */
  public synchronized void sync() throws IOException {
    if (writer == null || durableSeq == nextSeq - 1) {
      return;
    }
    flushBuffer();
    writer.force(false);
    for (SpoolSegment s : segments) {
      s.durableSize = s.size;
    }
    durableSeq = nextSeq - 1;
    notifyAll();
  }

  /**
   * Up to {@code max} durable records after {@code afterSeq}, in order (waits up to {@code waitMillis}
   * for one to become durable).
   */
  public List<SpoolRecord> read(long afterSeq, int max, long waitMillis) throws IOException, InterruptedException {
    SpoolSegment seg;
    long limit;
    long start;
    long durable;
    synchronized (this) {
      if (durableSeq <= afterSeq && waitMillis > 0) {
        wait(waitMillis);
      }
      if (durableSeq <= afterSeq) {
        return List.of();
      }
      seg = null;
      for (SpoolSegment s : segments) {
        if (s.lastSeq > afterSeq) {
          seg = s;
          break;
        }
      }
      if (seg == null) {
        return List.of();
      }
      limit = seg.durableSize;
      start = seg.positionBefore(afterSeq + 1);
      durable = durableSeq;
    }
    List<SpoolRecord> out = new ArrayList<>();
    seg.read(start, limit, afterSeq, Math.min(max, durable - afterSeq), out);
    return out;
  }

  /** Records that Kafka acknowledged everything up to {@code seq}; frees fully acknowledged segments. */
  public synchronized void ack(long seq) throws IOException {
    if (seq <= ackedSeq) {
      return;
    }
    ackedSeq = seq;
    AtomicFiles.write(dir.resolve(SpoolRecovery.ACKED_FILE), Long.toString(seq).getBytes(StandardCharsets.UTF_8));
    deleteAckedSegments();
  }

  private void deleteAckedSegments() throws IOException {
    while (segments.size() > 1 && segments.get(0).lastSeq <= ackedSeq) {
      SpoolSegment s = segments.remove(0);
      bytes -= s.size;
      Files.deleteIfExists(s.path);
      Files.deleteIfExists(s.formatFile());
    }
    if (segments.size() == 1 && segments.get(0).lastSeq <= ackedSeq && writer == null) {
      SpoolSegment s = segments.remove(0);
      bytes -= s.size;
      Files.deleteIfExists(s.path);
      Files.deleteIfExists(s.formatFile());
    }
  }

  /** Calls {@code each} for every durable record not yet acknowledged, in order. */
  public void forEachPending(Consumer<SpoolRecord> each) throws IOException {
    List<SpoolSegment> copy;
    long acked;
    synchronized (this) {
      copy = List.copyOf(segments);
      acked = ackedSeq;
    }
    for (SpoolSegment s : copy) {
      s.probe().scan(r -> {
        if (r.seq() > acked) {
          each.accept(r);
        }
      });
    }
  }

  /**
   * This spool's epoch (a UUID created with it): sequence numbers are only meaningful together with it.
   * A spool directory that is lost and recreated starts a new epoch at sequence 1.
   */
  public String epoch() {
    return epoch.id();
  }

  /**
   * True when this spool was written by an agent from before epochs (it held records or an {@code acked}
   * file but no epoch when first opened by this version): a publish cursor committed without an epoch
   * belongs to it.
   */
  public boolean predatesEpochs() {
    return epoch.predatesEpochs();
  }

  public synchronized long ackedSeq() {
    return ackedSeq;
  }

  public synchronized long durableSeq() {
    return durableSeq;
  }

  /** Durable events not yet acknowledged by Kafka. */
  public synchronized long depth() {
    return durableSeq - ackedSeq;
  }

  public synchronized long bytes() {
    return bytes;
  }

  public long maxBytes() {
    return maxBytes;
  }

  /** Bytes of torn records dropped when the spool was opened. */
  public long truncatedBytes() {
    return truncatedBytes;
  }

  /** The time the oldest unacknowledged record was spooled, or -1. */
  public long oldestPendingMillis() throws IOException, InterruptedException {
    long acked = ackedSeq();
    List<SpoolRecord> r = read(acked, 1, 0);
    return r.isEmpty() ? -1 : r.get(0).spooledAtMillis();
  }

  @Override
  public synchronized void close() throws IOException {
    if (writer != null) {
      sync();
      writer.close();
      writer = null;
    }
  }
}
