package dev.tokenledger.warehouse.clickhouse;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Writes values in ClickHouse's {@code RowBinary} format into a reusable, growable byte buffer: little-endian
 * fixed-width numbers, strings as a LEB128 length plus UTF-8 bytes, {@code Nullable} as a 0/1 flag before
 * the value, arrays as a LEB128 length plus the elements. Every method validates its value against the
 * column type's range (the same ranges the table accepts) and throws {@link UnwritableRecordException}
 * with the column named, so a bad value is rejected before it can fail a batch. A caller that writes a
 * row and catches the exception rolls the buffer back with {@link #truncate(int)} to the row's start.
 *
 * <p>This class is the column side: one method per column type, validating and naming the column; the
 * bytes, their growth and the primitive encodings are its superclass {@link RowBinaryBuffer}. The split
 * leaves the work per value as it was (same object, same fields, final calls; ADR 0305 measures it).
 *
 * <p>Not thread-safe; one writer per thread or per batch.
 */
public final class RowBinaryWriter extends RowBinaryBuffer {

  /** 2105-12-31T23:59:59Z: the last second every DateTime('UTC') column can hold (its limit is 2106-02-07). */
  public static final long MAX_DATETIME_SECONDS = 4_291_747_199L;
  /** 2105-12-31, the last day kept for Date columns (their limit is 2106-02-07), as days since 1970-01-01. */
  private static final long MAX_DATE_DAYS = LocalDate.of(2105, 12, 31).toEpochDay();

  public RowBinaryWriter(int initialCapacity) {
    super(initialCapacity);
  }

  // ---- strings ------------------------------------------------------------------------------------

  /**
   * A String column; {@code null} is written as the empty string. Encoded as UTF-8 exactly like
   * {@code String.getBytes(UTF_8)} (an unpaired surrogate becomes {@code '?'}).
   */
  public RowBinaryWriter string(String v) {
    putString(v);
    return this;
  }

  /** A String column from {@code length} bytes of UTF-8 (written as they are). */
  public RowBinaryWriter utf8(byte[] bytes, int length) {
    putBytes(bytes, length);
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
    put8(v ? 1 : 0);
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
      put8(1);
      return this;
    }
    long sec = checkedSeconds(column.name(), t.getEpochSecond(), t);
    ensure(5);
    put8(0);
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
    put128(be);
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
    put8(isNull ? 1 : 0);
    return this;
  }

  /** A Nullable(Decimal(P, S)) column with 10 ≤ P ≤ 18. */
  public RowBinaryWriter nullableDecimal64(Column column, BigDecimal v) throws UnwritableRecordException {
    DecimalType type = column.requireDecimal();
    if (v == null) {
      ensure(1);
      put8(1);
      return this;
    }
    type.requireWidth(8);
    long unscaled = type.unscaledLong(column.name(), v);   // validate before the flag is written
    ensure(9);
    put8(0);
    put64(unscaled);
    return this;
  }

  /** A Nullable(Decimal(P, S)) column with 19 ≤ P ≤ 38 (Decimal128). */
  public RowBinaryWriter nullableDecimal128(Column column, BigDecimal v) throws UnwritableRecordException {
    DecimalType type = column.requireDecimal();
    if (v == null) {
      ensure(1);
      put8(1);
      return this;
    }
    type.requireWidth(16);
    byte[] be = type.unscaled(column.name(), v).toByteArray();   // validate before the flag is written
    ensure(17);
    put8(0);
    put128(be);
    return this;
  }
}
