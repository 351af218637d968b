package dev.tokenledger.processor.warehouse;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Builds one row of ClickHouse's {@code TabSeparated} format, validating every value against the range
 * of its column type so that a bad value is rejected here, with a reason, rather than failing a batch.
 */
public final class TsvRow {

  /** 2105-12-31T23:59:59Z: the last second every DateTime('UTC') column can hold (its limit is 2106-02-07). */
  public static final long MAX_DATETIME_SECONDS = 4_291_747_199L;
  private static final BigDecimal LIMIT_18 = BigDecimal.TEN.pow(9);   // Decimal(18, 9): |x| < 10^9
  private static final BigDecimal LIMIT_9_4 = BigDecimal.TEN.pow(5);  // Decimal(9, 4): |x| < 10^5
  private static final LocalDate MIN_DATE = LocalDate.of(1970, 1, 1);
  private static final LocalDate MAX_DATE = LocalDate.of(2105, 12, 31);

  private final StringBuilder s;
  private boolean first = true;

  public TsvRow(int capacity) {
    this.s = new StringBuilder(capacity);
  }

  private StringBuilder next() {
    if (!first) {
      s.append('\t');
    }
    first = false;
    return s;
  }

  /** A String column; {@code null} is written as the empty string. */
  public TsvRow str(String v) {
    StringBuilder b = next();
    if (v != null) {
      escape(b, v, false);
    }
    return this;
  }

  public TsvRow uint(String column, long v) throws UnwritableRecordException {
    if (v < 0) {
      throw new UnwritableRecordException(column + " = " + v + " is negative (column is unsigned)");
    }
    next().append(v);
    return this;
  }

  public TsvRow int64(long v) {
    next().append(v);
    return this;
  }

  public TsvRow bool(boolean v) {
    next().append(v ? '1' : '0');
    return this;
  }

  public TsvRow dateTime(String column, Instant t) throws UnwritableRecordException {
    if (t == null) {
      throw new UnwritableRecordException(column + " is missing");
    }
    long sec = t.getEpochSecond();
    if (sec < 0 || sec > MAX_DATETIME_SECONDS) {
      throw new UnwritableRecordException(column + " = " + t + " is outside DateTime's range 1970-01-01..2105-12-31 (UTC)");
    }
    StringBuilder b = next();
    long days = Math.floorDiv(sec, 86_400);
    int secOfDay = (int) Math.floorMod(sec, 86_400);
    appendDate(b, LocalDate.ofEpochDay(days));
    b.append(' ');
    pad2(b, secOfDay / 3600).append(':');
    pad2(b, secOfDay / 60 % 60).append(':');
    pad2(b, secOfDay % 60);
    return this;
  }

  public TsvRow nullableDateTime(String column, Instant t) throws UnwritableRecordException {
    if (t == null) {
      next().append("\\N");
      return this;
    }
    return dateTime(column, t);
  }

  public TsvRow date(String column, LocalDate d) throws UnwritableRecordException {
    if (d.isBefore(MIN_DATE) || d.isAfter(MAX_DATE)) {
      throw new UnwritableRecordException(column + " = " + d + " is outside Date's range 1970-01-01..2105-12-31");
    }
    appendDate(next(), d);
    return this;
  }

  /** A Decimal(18, 9) column. */
  public TsvRow decimal18(String column, BigDecimal v) throws UnwritableRecordException {
    return decimal(column, v, 9, LIMIT_18, "Decimal(18, 9)");
  }

  /** A Decimal(38, 9) column (values of the event contract are at most 38 digits). */
  public TsvRow decimal38(String column, BigDecimal v) throws UnwritableRecordException {
    return decimal(column, v, 9, BigDecimal.TEN.pow(29), "Decimal(38, 9)");
  }

  /** A Decimal(18, 4) column. */
  public TsvRow decimal18s4(String column, BigDecimal v) throws UnwritableRecordException {
    return decimal(column, v, 4, BigDecimal.TEN.pow(14), "Decimal(18, 4)");
  }

  /** A Decimal(9, 4) column. */
  public TsvRow decimal9s4(String column, BigDecimal v) throws UnwritableRecordException {
    return decimal(column, v, 4, LIMIT_9_4, "Decimal(9, 4)");
  }

  public TsvRow nullableDecimal18(String column, BigDecimal v) throws UnwritableRecordException {
    if (v == null) {
      next().append("\\N");
      return this;
    }
    return decimal18(column, v);
  }

  private TsvRow decimal(String column, BigDecimal v, int scale, BigDecimal limit, String type)
      throws UnwritableRecordException {
    if (v == null) {
      throw new UnwritableRecordException(column + " is missing");
    }
    BigDecimal exact;
    try {
      exact = v.setScale(scale, RoundingMode.UNNECESSARY);
    } catch (ArithmeticException e) {
      throw new UnwritableRecordException(column + " = " + v.toPlainString() + " has more than " + scale + " decimal places (" + type + ")");
    }
    if (exact.abs().compareTo(limit) >= 0) {
      throw new UnwritableRecordException(column + " = " + v.toPlainString() + " is out of the range of " + type);
    }
    next().append(exact.toPlainString());
    return this;
  }

  public TsvRow strings(List<String> values) {
    StringBuilder b = next().append('[');
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append('\'');
      escape(b, values.get(i) == null ? "" : values.get(i), true);
      b.append('\'');
    }
    b.append(']');
    return this;
  }

  public TsvRow uints(String column, List<Integer> values) throws UnwritableRecordException {
    StringBuilder b = next().append('[');
    for (int i = 0; i < values.size(); i++) {
      int v = values.get(i);
      if (v < 0) {
        throw new UnwritableRecordException(column + " holds a negative value " + v + " (column is unsigned)");
      }
      if (i > 0) {
        b.append(',');
      }
      b.append(v);
    }
    b.append(']');
    return this;
  }

  /** The row, terminated by a newline. */
  public String end() {
    return s.append('\n').toString();
  }

  private static void appendDate(StringBuilder b, LocalDate d) {
    b.append(d.getYear()).append('-');
    pad2(b, d.getMonthValue()).append('-');
    pad2(b, d.getDayOfMonth());
  }

  private static StringBuilder pad2(StringBuilder b, int v) {
    if (v < 10) {
      b.append('0');
    }
    return b.append(v);
  }

  /** TabSeparated escaping; inside an array element additionally the single quote. */
  static void escape(StringBuilder b, String v, boolean quoted) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '\\' -> b.append("\\\\");
        case '\t' -> b.append("\\t");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\0' -> b.append("\\0");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        case '\'' -> {
          if (quoted) {
            b.append("\\'");
          } else {
            b.append(c);
          }
        }
        default -> b.append(c);
      }
    }
  }
}
