package dev.tokenledger.warehouse.clickhouse;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/**
 * Writes values in ClickHouse's {@code RowBinary} format into a reusable, growable byte buffer: little-endian
 * fixed-width numbers, strings as a LEB128 length plus UTF-8 bytes, {@code Nullable} as a 0/1 flag before
 * the value, arrays as a LEB128 length plus the elements. Every method validates its value against the
 * column type's range (the same ranges the table accepts) and throws {@link UnwritableRecordException}
 * with the column named, so a bad value is rejected before it can fail a batch. A caller that writes a
 * row and catches the exception rolls the buffer back with {@link #truncate(int)} to the row's start.
 *
 * <p>Not thread-safe; one writer per thread or per batch.
 */
public final class RowBinaryWriter {

  /** 2105-12-31T23:59:59Z: the last second every DateTime('UTC') column can hold (its limit is 2106-02-07). */
  public static final long MAX_DATETIME_SECONDS = 4_291_747_199L;
  /** 2105-12-31, the last day kept for Date columns (their limit is 2106-02-07), as days since 1970-01-01. */
  private static final long MAX_DATE_DAYS = LocalDate.of(2105, 12, 31).toEpochDay();

  private byte[] buf;
  private int size;

  public RowBinaryWriter(int initialCapacity) {
    this.buf = new byte[Math.max(16, initialCapacity)];
  }

  /** Bytes written so far (also the offset the next value starts at). */
  public int size() {
    return size;
  }

  /** The backing array; bytes {@code [0, size())} are the written data. Replaced when the buffer grows. */
  public byte[] array() {
    return buf;
  }

  /** Drops everything written after {@code mark} (a row that failed validation half-way). */
  public void truncate(int mark) {
    if (mark < 0 || mark > size) {
      throw new IllegalArgumentException("mark " + mark + " outside 0.." + size);
    }
    size = mark;
  }

  /** Empties the buffer, keeping its capacity. */
  public void reset() {
    size = 0;
  }

  /** Appends raw bytes (rows written elsewhere). */
  public void append(byte[] src, int offset, int length) {
    ensure(length);
    System.arraycopy(src, offset, buf, size, length);
    size += length;
  }

  /** A copy of the written bytes. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  // ---- strings ------------------------------------------------------------------------------------

  /**
   * A String column; {@code null} is written as the empty string. Encoded as UTF-8 exactly like
   * {@code String.getBytes(UTF_8)} (an unpaired surrogate becomes {@code '?'}).
   */
  public RowBinaryWriter string(String v) {
    if (v == null || v.isEmpty()) {
      ensure(1);
      buf[size++] = 0;
      return this;
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
    return this;
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

  /** A String column from {@code length} bytes of UTF-8 (written as they are). */
  public RowBinaryWriter utf8(byte[] bytes, int length) {
    ensure(5 + length);
    varint(length);
    System.arraycopy(bytes, 0, buf, size, length);
    size += length;
    return this;
  }

  /** The element count that starts an Array column; the elements follow. */
  public RowBinaryWriter arrayLength(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("array length " + count);
    }
    ensure(5);
    varint(count);
    return this;
  }

  /** An Array(String) column; {@code null} elements are written as the empty string. */
  public RowBinaryWriter strings(List<String> values) {
    ensure(5);
    varint(values.size());
    for (String v : values) {
      string(v);
    }
    return this;
  }

  // ---- integers -----------------------------------------------------------------------------------

  /** A UInt8 0/1 flag. */
  public RowBinaryWriter bool(boolean v) {
    ensure(1);
    buf[size++] = (byte) (v ? 1 : 0);
    return this;
  }

  public RowBinaryWriter uint16(Column column, long v) throws UnwritableRecordException {
    if (v < 0 || v > 0xFFFFL) {
      throw new UnwritableRecordException(column.name() + " = " + v + " is outside UInt16");
    }
    ensure(2);
    put16((int) v);
    return this;
  }

  public RowBinaryWriter uint32(Column column, long v) throws UnwritableRecordException {
    if (v < 0) {
      throw new UnwritableRecordException(column.name() + " = " + v + " is negative (column is unsigned)");
    }
    if (v > 0xFFFF_FFFFL) {
      throw new UnwritableRecordException(column.name() + " = " + v + " is outside UInt32");
    }
    ensure(4);
    put32((int) v);
    return this;
  }

  /** A UInt64 column; values of the contract are Java longs, so only negatives are out of range. */
  public RowBinaryWriter uint64(Column column, long v) throws UnwritableRecordException {
    if (v < 0) {
      throw new UnwritableRecordException(column.name() + " = " + v + " is negative (column is unsigned)");
    }
    ensure(8);
    put64(v);
    return this;
  }

  public RowBinaryWriter int64(long v) {
    ensure(8);
    put64(v);
    return this;
  }

  /** An Array(UInt32) column. */
  public RowBinaryWriter uint32s(Column column, List<Integer> values) throws UnwritableRecordException {
    ensure(5 + 4 * values.size());
    for (Integer v : values) {
      if (v == null || v < 0) {
        throw new UnwritableRecordException(column.name() + " holds a " + (v == null ? "missing" : "negative") + " value "
            + v + " (column is unsigned)");
      }
    }
    varint(values.size());
    for (Integer v : values) {
      put32(v);
    }
    return this;
  }

  // ---- time ---------------------------------------------------------------------------------------

  /** A DateTime('UTC') column: UInt32 seconds since the epoch, 1970-01-01 .. 2105-12-31. */
  public RowBinaryWriter dateTime(Column column, Instant t) throws UnwritableRecordException {
    if (t == null) {
      throw new UnwritableRecordException(column.name() + " is missing");
    }
    long sec = checkedSeconds(column.name(), t.getEpochSecond(), t);
    ensure(4);
    put32((int) sec);
    return this;
  }

  /** A DateTime('UTC') column from epoch milliseconds (seconds are floored, as {@link Instant} does). */
  public RowBinaryWriter dateTimeMillis(Column column, long epochMillis) throws UnwritableRecordException {
    long sec = checkedSeconds(column.name(), Math.floorDiv(epochMillis, 1000L), null);
    ensure(4);
    put32((int) sec);
    return this;
  }

  /** A Nullable(DateTime('UTC')) column. */
  public RowBinaryWriter nullableDateTime(Column column, Instant t) throws UnwritableRecordException {
    if (t == null) {
      ensure(1);
      buf[size++] = 1;
      return this;
    }
    long sec = checkedSeconds(column.name(), t.getEpochSecond(), t);
    ensure(5);
    buf[size++] = 0;
    put32((int) sec);
    return this;
  }

  private static long checkedSeconds(String column, long sec, Instant shown) throws UnwritableRecordException {
    if (sec < 0 || sec > MAX_DATETIME_SECONDS) {
      throw new UnwritableRecordException(column + " = " + (shown != null ? shown : Instant.ofEpochSecond(sec))
          + " is outside DateTime's range 1970-01-01..2105-12-31 (UTC)");
    }
    return sec;
  }

  /** A Date column: UInt16 days since 1970-01-01, up to 2105-12-31. */
  public RowBinaryWriter date(Column column, LocalDate d) throws UnwritableRecordException {
    if (d == null) {
      throw new UnwritableRecordException(column.name() + " is missing");
    }
    return epochDay(column.name(), d.toEpochDay(), d);
  }

  /** A Date column from days since 1970-01-01. */
  public RowBinaryWriter epochDay(Column column, long days) throws UnwritableRecordException {
    return epochDay(column.name(), days, null);
  }

  private RowBinaryWriter epochDay(String column, long days, LocalDate shown) throws UnwritableRecordException {
    if (days < 0 || days > MAX_DATE_DAYS) {
      throw new UnwritableRecordException(column + " = " + (shown != null ? shown : LocalDate.ofEpochDay(days))
          + " is outside Date's range 1970-01-01..2105-12-31");
    }
    ensure(2);
    put16((int) days);
    return this;
  }

  // ---- decimals -----------------------------------------------------------------------------------

  /** A Decimal(P, S) column with P ≤ 9 (Decimal32). */
  public RowBinaryWriter decimal32(Column column, BigDecimal v) throws UnwritableRecordException {
    DecimalType type = column.requireDecimal();
    type.requireWidth(4);
    ensure(4);
    put32((int) type.unscaledLong(column.name(), v));
    return this;
  }

  /** A Decimal(P, S) column with 10 ≤ P ≤ 18 (Decimal64). */
  public RowBinaryWriter decimal64(Column column, BigDecimal v) throws UnwritableRecordException {
    DecimalType type = column.requireDecimal();
    type.requireWidth(8);
    ensure(8);
    put64(type.unscaledLong(column.name(), v));
    return this;
  }

  /** A Decimal(P, S) column with 19 ≤ P ≤ 38 (Decimal128): 16 bytes, little-endian two's complement. */
  public RowBinaryWriter decimal128(Column column, BigDecimal v) throws UnwritableRecordException {
    DecimalType type = column.requireDecimal();
    type.requireWidth(16);
    byte[] be = type.unscaled(column.name(), v).toByteArray();   // big-endian, minimal, two's complement
    ensure(16);
    byte sign = (byte) (be[0] < 0 ? -1 : 0);
    for (int i = 0; i < 16; i++) {
      int from = be.length - 1 - i;
      buf[size++] = from >= 0 ? be[from] : sign;
    }
    return this;
  }

  /** A Decimal(P, S) column with P ≤ 18 from its unscaled value at scale S (e.g. an Avro decimal's). */
  public RowBinaryWriter unscaledDecimal(Column column, long unscaled) throws UnwritableRecordException {
    DecimalType type = column.requireDecimal();
    type.checkUnscaled(column.name(), unscaled);
    if (type.width() == 4) {
      ensure(4);
      put32((int) unscaled);
    } else {
      type.requireWidth(8);
      ensure(8);
      put64(unscaled);
    }
    return this;
  }

  /** A Nullable flag: 1 before nothing (null), 0 before a value. */
  public RowBinaryWriter nullFlag(boolean isNull) {
    ensure(1);
    buf[size++] = (byte) (isNull ? 1 : 0);
    return this;
  }

  /** A Nullable(Decimal(P, S)) column with 10 ≤ P ≤ 18. */
  public RowBinaryWriter nullableDecimal64(Column column, BigDecimal v) throws UnwritableRecordException {
    DecimalType type = column.requireDecimal();
    if (v == null) {
      ensure(1);
      buf[size++] = 1;
      return this;
    }
    type.requireWidth(8);
    long unscaled = type.unscaledLong(column.name(), v);   // validate before the flag is written
    ensure(9);
    buf[size++] = 0;
    put64(unscaled);
    return this;
  }

  // ---- primitives ---------------------------------------------------------------------------------

  private void ensure(int more) {
    if (size + more > buf.length) {
      long wanted = Math.max((long) buf.length * 2, (long) size + more);
      if (wanted > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("RowBinary buffer over 2 GiB");
      }
      buf = Arrays.copyOf(buf, (int) wanted);
    }
  }

  /** Unsigned LEB128, as ClickHouse writes lengths; the caller ensured 5 bytes. */
  private void varint(int v) {
    while ((v & ~0x7F) != 0) {
      buf[size++] = (byte) (v & 0x7F | 0x80);
      v >>>= 7;
    }
    buf[size++] = (byte) v;
  }

  private void put16(int v) {
    buf[size++] = (byte) v;
    buf[size++] = (byte) (v >>> 8);
  }

  private void put32(int v) {
    buf[size++] = (byte) v;
    buf[size++] = (byte) (v >>> 8);
    buf[size++] = (byte) (v >>> 16);
    buf[size++] = (byte) (v >>> 24);
  }

  private void put64(long v) {
    put32((int) v);
    put32((int) (v >>> 32));
  }
}
