package dev.tokenledger.agent.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * One spool segment file and its record format. A segment {@code seg-<first seq, 20 digits>.log}
 * holds CRC-framed records: {@code [int bodyLength][int crc32c(body)][body]} with body = {@code [long
 * seq][long spooledAt][16-byte event id][payload]}, sequence numbers consecutive from the first; its
 * payload format is kept beside it in {@code seg-<n>.format}. Every {@link #INDEX_EVERY}-th record's
 * position is kept in memory, so a read seeks instead of scanning. Not thread-safe: the {@link Spool}
 * guards its segments.
 */
final class SpoolSegment {

  static final int FRAME_HEADER = 8;
  static final int BODY_HEADER = 32;
  /** Every {@code INDEX_EVERY}-th record's position is kept, so a read seeks instead of scanning. */
  static final int INDEX_EVERY = 256;
  /** File names of segments. */
  static final String NAME_PATTERN = "seg-\\d{20}\\.log";

  final long firstSeq;
  final Path path;
  String format = "";
  long size;
  long lastSeq;
  long durableSize;
  /** Why {@link #scan} stopped before the end of the file ("" when it did not). */
  String stopReason = "";
  private long[] positions = new long[16]; // position of record firstSeq + i * INDEX_EVERY
  private int indexed;

  SpoolSegment(long firstSeq, Path path) {
    this.firstSeq = firstSeq;
    this.path = path;
    this.lastSeq = firstSeq - 1;
  }

  /** The segment whose first record is {@code firstSeq}, in {@code dir}. */
  static SpoolSegment create(Path dir, long firstSeq) {
    return new SpoolSegment(firstSeq, dir.resolve(String.format("seg-%020d.log", firstSeq)));
  }

  /** An existing segment file (its name matches {@link #NAME_PATTERN}). */
  static SpoolSegment of(Path file) {
    return new SpoolSegment(Long.parseLong(file.getFileName().toString().substring(4, 24)), file);
  }

  /** A fresh view of the same file and format, for a scan that must not change this segment's state. */
  SpoolSegment probe() {
    SpoolSegment probe = new SpoolSegment(firstSeq, path);
    probe.format = format;
    return probe;
  }

  /** The {@code seg-<n>.format} file beside the segment. */
  Path formatFile() {
    String name = path.getFileName().toString();
    return path.resolveSibling(name.substring(0, name.length() - ".log".length()) + ".format");
  }

  void recordPosition(long seq, long position) {
    if ((seq - firstSeq) % INDEX_EVERY == 0) {
      if (indexed == positions.length) {
        positions = Arrays.copyOf(positions, indexed * 2);
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

  /** The length of a record's frame on disk. */
  static long frameLength(int payloadLength) {
    return FRAME_HEADER + (long) BODY_HEADER + payloadLength;
  }

  /** Writes one record's frame into {@code out}, which has room for {@link #frameLength} bytes. */
  static void writeFrame(ByteBuffer out, long seq, long spooledAtMillis, UUID eventId, byte[] payload) {
    int len = BODY_HEADER + payload.length;
    ByteBuffer body = ByteBuffer.allocate(len);
    body.putLong(seq).putLong(spooledAtMillis).putLong(eventId.getMostSignificantBits())
        .putLong(eventId.getLeastSignificantBits()).put(payload);
    CRC32C c = new CRC32C();
    c.update(body.array(), 0, len);
    out.putInt(len).putInt((int) c.getValue()).put(body.array());
  }

  /**
   * Validates the records from the start, returns the length of the valid prefix and sets {@link
   * #lastSeq}, the position index and, when it stops early, {@link #stopReason}; {@code each} (may be
   * null) gets every valid record.
   */
  long scan(Consumer<SpoolRecord> each) throws IOException {
    long pos = 0;
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = ch.size();
      ByteBuffer header = ByteBuffer.allocate(FRAME_HEADER);
      while (pos + FRAME_HEADER <= size) {
        header.clear();
        readFully(ch, header, pos);
        header.flip();
        int len = header.getInt();
        int crc = header.getInt();
        if (len < BODY_HEADER || pos + FRAME_HEADER + len > size) {
          stopReason = len < BODY_HEADER ? "record length " + len + " is impossible"
              : "record of " + len + " bytes runs past the end of the file (" + size + " bytes)";
          break;
        }
        ByteBuffer body = ByteBuffer.allocate(len);
        readFully(ch, body, pos + FRAME_HEADER);
        CRC32C c = new CRC32C();
        c.update(body.array(), 0, len);
        if ((int) c.getValue() != crc) {
          stopReason = "CRC mismatch";
          break;
        }
        body.flip();
        long seq = body.getLong();
        if (seq != lastSeq + 1) {
          stopReason = "sequence " + seq + " where " + (lastSeq + 1) + " was expected";
          break;
        }
        lastSeq = seq;
        recordPosition(seq, pos);
        if (each != null) {
          each.accept(decodeBody(body, len, format));
        }
        pos += FRAME_HEADER + len;
      }
      if (pos < size && stopReason.isEmpty()) {
        stopReason = (size - pos) + " trailing bytes shorter than a record header";
      }
    }
    return pos;
  }

  /**
   * Adds to {@code out} the records after {@code afterSeq} found between {@code start} and {@code limit}
   * (durable bytes), until {@code out} holds {@code max}; a record failing its CRC here is an error.
   */
  void read(long start, long limit, long afterSeq, long max, List<SpoolRecord> out) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
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
          throw new IOException("spool record at " + path + ":" + pos + " fails its CRC");
        }
        long seq = body.getLong(0);
        pos += FRAME_HEADER + len;
        if (seq > afterSeq) {
          out.add(decodeBody(body, len, format));
        }
      }
    }
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
}
