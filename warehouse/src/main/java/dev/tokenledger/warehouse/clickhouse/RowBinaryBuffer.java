package dev.tokenledger.warehouse.clickhouse;

import java.util.Arrays;

/**
 * The byte side of {@link RowBinaryWriter}: a reusable, growable byte array and RowBinary's primitive
 * encodings — little-endian fixed-width integers, unsigned LEB128 lengths, length-prefixed UTF-8 — with
 * no knowledge of column types. Rows are cut off again with {@link #truncate(int)}, so the buffer only
 * ever holds whole rows.
 *
 * <p>Why a superclass and not a field of the writer: the writer writes every value of every row of the
 * sink's hot path (ADR 0305). As its superclass the buffer is the same object, so each value costs the
 * same field accesses and statically bound (final) calls as when both were one class — no extra object,
 * no pointer hop per value. Sealed: {@link RowBinaryWriter} is its only kind.
 *
 * <p>Not thread-safe; one writer per thread or per batch.
 */
public abstract sealed class RowBinaryBuffer permits RowBinaryWriter {

  private byte[] buf;
  private int size;

  RowBinaryBuffer(int initialCapacity) {
    this.buf = new byte[Math.max(16, initialCapacity)];
  }

  /** Bytes written so far (also the offset the next value starts at). */
  public final int size() {
    return size;
  }

  /** The backing array; bytes {@code [0, size())} are the written data. Replaced when the buffer grows. */
  public final byte[] array() {
    return buf;
  }

  /** Drops everything written after {@code mark} (a row that failed validation half-way). */
  public final void truncate(int mark) {
    if (mark < 0 || mark > size) {
      throw new IllegalArgumentException("mark " + mark + " outside 0.." + size);
    }
    size = mark;
  }

  /** Empties the buffer, keeping its capacity. */
  public final void reset() {
    size = 0;
  }

  /** Appends raw bytes (rows written elsewhere). */
  public final void append(byte[] src, int offset, int length) {
    ensure(length);
    System.arraycopy(src, offset, buf, size, length);
    size += length;
  }

  /** A copy of the written bytes. */
  public final byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  // ---- primitives: each put assumes its caller ensured the room ---------------------------------------

  /** Makes room for {@code more} bytes, doubling the array when needed. */
  final void ensure(int more) {
    if (size + more > buf.length) {
      long wanted = Math.max((long) buf.length * 2, (long) size + more);
      if (wanted > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("RowBinary buffer over 2 GiB");
      }
      buf = Arrays.copyOf(buf, (int) wanted);
    }
  }

  final void put8(int v) {
    buf[size++] = (byte) v;
  }

  /** Unsigned LEB128, as ClickHouse writes lengths; the caller ensured 5 bytes. */
  final void varint(int v) {
    while ((v & ~0x7F) != 0) {
      buf[size++] = (byte) (v & 0x7F | 0x80);
      v >>>= 7;
    }
    buf[size++] = (byte) v;
  }

  final void put16(int v) {
    buf[size++] = (byte) v;
    buf[size++] = (byte) (v >>> 8);
  }

  final void put32(int v) {
    buf[size++] = (byte) v;
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) (v >>> 16);
    buf[size++] = (byte) (v >>> 24);
  }

  final void put64(long v) {
    put32((int) v);
    put32((int) (v >>> 32));
  }

  /** 16 bytes little-endian from a minimal big-endian two's complement ({@code BigInteger.toByteArray()}). */
  final void put128(byte[] bigEndian) {
    byte sign = (byte) (bigEndian[0] < 0 ? -1 : 0);
    for (int i = 0; i < 16; i++) {
      int from = bigEndian.length - 1 - i;
      buf[size++] = from >= 0 ? bigEndian[from] : sign;
    }
  }

  /** {@code length} bytes as they are, after their LEB128 length. */
  final void putBytes(byte[] bytes, int length) {
    ensure(5 + length);
    varint(length);
    System.arraycopy(bytes, 0, buf, size, length);
    size += length;
  }

  /**
   * A LEB128 length and the UTF-8 bytes of {@code v} ({@code null}: the empty string), exactly like
   * {@code String.getBytes(UTF_8)} (an unpaired surrogate becomes {@code '?'}).
   */
  final void putString(String v) {
    if (v == null || v.isEmpty()) {
      ensure(1);
      buf[size++] = 0;
      return;
    }
    int n = v.length();
    int ascii = 0;
    while (ascii < n && v.charAt(ascii) < 0x80) {
      ascii++;
    }
    int bytes = ascii == n ? n : ascii + utf8Length(v, ascii, n);
    ensure(5 + bytes);
    varint(bytes);
    for (int i = 0; i < ascii; i++) {
      buf[size++] = (byte) v.charAt(i);
    }
    for (int i = ascii; i < n; i++) {
      char c = v.charAt(i);
      if (c < 0x80) {
        buf[size++] = (byte) c;
      } else if (c < 0x800) {
        buf[size++] = (byte) (0xC0 | c >> 6);
        buf[size++] = (byte) (0x80 | c & 0x3F);
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(v.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, v.charAt(++i));
        buf[size++] = (byte) (0xF0 | cp >> 18);
        buf[size++] = (byte) (0x80 | cp >> 12 & 0x3F);
        buf[size++] = (byte) (0x80 | cp >> 6 & 0x3F);
        buf[size++] = (byte) (0x80 | cp & 0x3F);
      } else if (Character.isSurrogate(c)) {
        buf[size++] = '?';
      } else {
        buf[size++] = (byte) (0xE0 | c >> 12);
        buf[size++] = (byte) (0x80 | c >> 6 & 0x3F);
        buf[size++] = (byte) (0x80 | c & 0x3F);
      }
    }
  }

  /** UTF-8 bytes of the chars {@code [from, n)} of {@code v}. */
  private static int utf8Length(String v, int from, int n) {
    int bytes = 0;
    for (int i = from; i < n; i++) {
      char c = v.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(v.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        bytes++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
