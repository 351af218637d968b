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
import java.util.stream.Stream;
import java.util.zip.CRC32C;

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
 * <p>Thread-safe: the scanner and the intake append, the publisher reads and acknowledges.
 */
public final class Spool implements AutoCloseable {

  static final int FRAME_HEADER = 8;
  static final int BODY_HEADER = 32;
  static final long SEGMENT_BYTES = 64L << 20;

  private final Path dir;
  private final long maxBytes;
  private final List<Segment> segments = new ArrayList<>();
  private FileChannel writer;
  private ByteBuffer writeBuffer = ByteBuffer.allocate(1 << 20);
  private long nextSeq;
  private long durableSeq;
  private long ackedSeq;
  private long bytes;
  private long truncatedBytes;

  /** Every {@code INDEX_EVERY}-th record's position is kept, so a read seeks instead of scanning. */
  static final int INDEX_EVERY = 256;

  private static final class Segment {
    final long firstSeq;
    final Path path;
    String format = "";
    long size;
    long lastSeq;
    long durableSize;
    String stopReason = "";
    long[] positions = new long[16]; // position of record firstSeq + i * INDEX_EVERY
    int indexed;

    Segment(long firstSeq, Path path) {
      this.firstSeq = firstSeq;
      this.path = path;
      this.lastSeq = firstSeq - 1;
    }

    void recordPosition(long seq, long position) {
      if ((seq - firstSeq) % INDEX_EVERY == 0) {
        if (indexed == positions.length) {
          positions = java.util.Arrays.copyOf(positions, indexed * 2);
        }
        positions[indexed++] = position;
      }
    }

    /** A position at or before the record {@code seq}. */
    long positionBefore(long seq) {
      long slot = (seq - firstSeq) / INDEX_EVERY;
      if (slot <= 0 || indexed == 0) {
        return 0;
      }
      return positions[(int) Math.min(slot, indexed - 1)];
    }
  }

  private final String format;
  private String epoch;
  private boolean predatesEpochs;

  static final String EPOCH_FILE = "epoch";
  private static final String PREDATES_EPOCHS = "predates-epochs";

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
    Path ackFile = dir.resolve("acked");
    ackedSeq = Files.isRegularFile(ackFile) ? Long.parseLong(Files.readString(ackFile, StandardCharsets.UTF_8).trim()) : 0;
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(p -> p.getFileName().toString().matches("seg-\\d{20}\\.log")).sorted().toList();
    }
    readOrCreateEpoch(Files.isRegularFile(ackFile) || !files.isEmpty());
    long expected = -1;
    for (int i = 0; i < files.size(); i++) {
      Path p = files.get(i);
      long first = Long.parseLong(p.getFileName().toString().substring(4, 24));
      Segment seg = new Segment(first, p);
      Path sidecar = formatFile(p);
      seg.format = Files.isRegularFile(sidecar) ? Files.readString(sidecar, StandardCharsets.UTF_8) : format;
      long valid = scan(seg, null);
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
    long last = segments.isEmpty() ? ackedSeq : segments.get(segments.size() - 1).lastSeq;
    nextSeq = Math.max(last, ackedSeq) + 1;
    durableSeq = nextSeq - 1;
    deleteAckedSegments();
  }

  /**
   * The spool's epoch names this sequence space: created with the spool (before its first record), kept
   * in {@code epoch}. A spool that already holds state but has no epoch was written by an agent from
   * before epochs; it is given one now and remembers that it may adopt a cursor committed without one.
   */
  private void readOrCreateEpoch(boolean hasState) throws IOException {
    Path file = dir.resolve(EPOCH_FILE);
    if (Files.isRegularFile(file)) {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      String id = lines.isEmpty() ? "" : lines.get(0).trim();
      try {
        epoch = UUID.fromString(id).toString();
      } catch (IllegalArgumentException e) {
        throw new IOException("spool epoch file " + file + " does not hold a UUID: '" + id + "'");
      }
      predatesEpochs = lines.size() > 1 && lines.get(1).trim().equals(PREDATES_EPOCHS);
      return;
    }
    epoch = UUID.randomUUID().toString();
    predatesEpochs = hasState;
    AtomicFiles.write(file, (epoch + "\n" + (hasState ? PREDATES_EPOCHS + "\n" : "")).getBytes(StandardCharsets.UTF_8));
  }

  /** Validates a segment's records, returns the length of its valid prefix and sets its last seq. */
  private long scan(Segment seg, Consumer<SpoolRecord> each) throws IOException {
    long pos = 0;
    try (FileChannel ch = FileChannel.open(seg.path, StandardOpenOption.READ)) {
      long size = ch.size();
      ByteBuffer header = ByteBuffer.allocate(FRAME_HEADER);
      while (pos + FRAME_HEADER <= size) {
        header.clear();
        readFully(ch, header, pos);
        header.flip();
        int len = header.getInt();
        int crc = header.getInt();
        if (len < BODY_HEADER || pos + FRAME_HEADER + len > size) {
          seg.stopReason = len < BODY_HEADER ? "record length " + len + " is impossible"
              : "record of " + len + " bytes runs past the end of the file (" + size + " bytes)";
          break;
        }
        ByteBuffer body = ByteBuffer.allocate(len);
        readFully(ch, body, pos + FRAME_HEADER);
        CRC32C c = new CRC32C();
        c.update(body.array(), 0, len);
        if ((int) c.getValue() != crc) {
          seg.stopReason = "CRC mismatch";
          break;
        }
        body.flip();
        long seq = body.getLong();
        if (seq != seg.lastSeq + 1) {
          seg.stopReason = "sequence " + seq + " where " + (seg.lastSeq + 1) + " was expected";
          break;
        }
        seg.lastSeq = seq;
        seg.recordPosition(seq, pos);
        if (each != null) {
          each.accept(decodeBody(body, len, seg.format));
        }
        pos += FRAME_HEADER + len;
      }
      if (pos < size && seg.stopReason.isEmpty()) {
        seg.stopReason = (size - pos) + " trailing bytes shorter than a record header";
      }
    }
    return pos;
  }

  private static Path formatFile(Path segment) {
    String name = segment.getFileName().toString();
    return segment.resolveSibling(name.substring(0, name.length() - ".log".length()) + ".format");
  }

  private static SpoolRecord decodeBody(ByteBuffer body, int len, String format) {
    body.position(8);
    long at = body.getLong();
    UUID id = new UUID(body.getLong(), body.getLong());
    byte[] payload = new byte[len - BODY_HEADER];
    body.get(payload);
    return new SpoolRecord(body.getLong(0), at, id, payload, format);
  }

  private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
    while (b.hasRemaining()) {
      int n = ch.read(b, pos + b.position());
      if (n < 0) {
        throw new IOException("unexpected end of spool segment");
      }
    }
  }

  /** Appends one event (not yet durable: call {@link #sync}). Returns its sequence number. */
  public synchronized long append(UUID eventId, long spooledAtMillis, byte[] payload) throws IOException {
    int len = BODY_HEADER + payload.length;
    long frame = FRAME_HEADER + (long) len;
    if (bytes + frame > maxBytes) {
      throw new SpoolFullException(bytes, maxBytes);
    }
    Segment seg = segments.isEmpty() ? null : segments.get(segments.size() - 1);
    if (seg == null || writer == null || seg.size >= SEGMENT_BYTES || !seg.format.equals(format)) {
      seg = roll(seg);
    }
    ByteBuffer body = ByteBuffer.allocate(len);
    long seq = nextSeq++;
    body.putLong(seq).putLong(spooledAtMillis).putLong(eventId.getMostSignificantBits())
        .putLong(eventId.getLeastSignificantBits()).put(payload);
    CRC32C c = new CRC32C();
    c.update(body.array(), 0, len);
    if (writeBuffer.remaining() < frame) {
      flushBuffer();
      if (writeBuffer.capacity() < frame) {
        writeBuffer = ByteBuffer.allocate((int) frame);
      }
    }
    writeBuffer.putInt(len).putInt((int) c.getValue()).put(body.array());
    seg.recordPosition(seq, seg.size);
    seg.size += frame;
    seg.lastSeq = seq;
    bytes += frame;
    return seq;
  }

  private Segment roll(Segment current) throws IOException {
    if (writer != null) {
      flushBuffer();
      writer.force(false);
      writer.close();
      writer = null;
      if (current != null) {
        current.durableSize = current.size;
      }
    }
    Segment seg = current;
    if (seg == null || seg.size >= SEGMENT_BYTES || !seg.format.equals(format)) {
      seg = new Segment(nextSeq, dir.resolve(String.format("seg-%020d.log", nextSeq)));
      seg.format = format;
      AtomicFiles.write(formatFile(seg.path), format.getBytes(StandardCharsets.UTF_8)); // before the segment exists
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
    for (Segment s : segments) {
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
    Segment seg;
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
      for (Segment s : segments) {
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
    readSegment(seg, start, limit, afterSeq, Math.min(max, durable - afterSeq), out);
    return out;
  }

  private void readSegment(Segment seg, long start, long limit, long afterSeq, long max, List<SpoolRecord> out)
      throws IOException {
    try (FileChannel ch = FileChannel.open(seg.path, StandardOpenOption.READ)) {
      long pos = start;
      ByteBuffer header = ByteBuffer.allocate(FRAME_HEADER);
      while (pos + FRAME_HEADER <= limit && out.size() < max) {
        header.clear();
        readFully(ch, header, pos);
        header.flip();
        int len = header.getInt();
        int crc = header.getInt();
        ByteBuffer body = ByteBuffer.allocate(len);
        readFully(ch, body, pos + FRAME_HEADER);
        CRC32C c = new CRC32C();
        c.update(body.array(), 0, len);
        if ((int) c.getValue() != crc) {
          throw new IOException("spool record at " + seg.path + ":" + pos + " fails its CRC");
        }
        long seq = body.getLong(0);
        pos += FRAME_HEADER + len;
        if (seq > afterSeq) {
          out.add(decodeBody(body, len, seg.format));
        }
      }
    }
  }

  /** Records that Kafka acknowledged everything up to {@code seq}; frees fully acknowledged segments. */
  public synchronized void ack(long seq) throws IOException {
    if (seq <= ackedSeq) {
      return;
    }
    ackedSeq = seq;
    AtomicFiles.write(dir.resolve("acked"), Long.toString(seq).getBytes(StandardCharsets.UTF_8));
    deleteAckedSegments();
  }

  private void deleteAckedSegments() throws IOException {
    while (segments.size() > 1 && segments.get(0).lastSeq <= ackedSeq) {
      Segment s = segments.remove(0);
      bytes -= s.size;
      Files.deleteIfExists(s.path);
      Files.deleteIfExists(formatFile(s.path));
    }
    if (segments.size() == 1 && segments.get(0).lastSeq <= ackedSeq && writer == null) {
      Segment s = segments.remove(0);
      bytes -= s.size;
      Files.deleteIfExists(s.path);
      Files.deleteIfExists(formatFile(s.path));
    }
  }

  /** Calls {@code each} for every durable record not yet acknowledged, in order. */
  public void forEachPending(Consumer<SpoolRecord> each) throws IOException {
    List<Segment> copy;
    long acked;
    synchronized (this) {
      copy = List.copyOf(segments);
      acked = ackedSeq;
    }
    for (Segment s : copy) {
      Segment probe = new Segment(s.firstSeq, s.path);
      probe.format = s.format;
      scan(probe, r -> {
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
    return epoch;
  }

  /**
   * True when this spool was written by an agent from before epochs (it held records or an {@code acked}
   * file but no epoch when first opened by this version): a publish cursor committed without an epoch
   * belongs to it.
   */
  public boolean predatesEpochs() {
    return predatesEpochs;
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
