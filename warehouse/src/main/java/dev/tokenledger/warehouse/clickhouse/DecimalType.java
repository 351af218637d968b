package dev.tokenledger.warehouse.clickhouse;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * A ClickHouse {@code Decimal(P, S)} column type: turns a value into its unscaled integer, refusing values
 * with more than S decimal places or with |x| ≥ 10^(P−S), with the column and type named.
 */
public final class DecimalType {

  public static final DecimalType D9_4 = new DecimalType(9, 4);
  public static final DecimalType D18_4 = new DecimalType(18, 4);
  public static final DecimalType D18_9 = new DecimalType(18, 9);
  public static final DecimalType D38_9 = new DecimalType(38, 9);

  private final int precision;
  private final int scale;
  private final BigInteger limit;      // 10^P: |unscaled| must stay below
  private final long limitLong;        // the same when P ≤ 18, else Long.MAX_VALUE
  private final String name;

  private DecimalType(int precision, int scale) {
    if (precision < 1 || precision > 38 || scale < 0 || scale > precision) {
      throw new IllegalArgumentException("Decimal(" + precision + ", " + scale + ")");
    }
    this.precision = precision;
    this.scale = scale;
    this.limit = BigInteger.TEN.pow(precision);
    this.limitLong = precision <= 18 ? limit.longValueExact() : Long.MAX_VALUE;
    this.name = "Decimal(" + precision + ", " + scale + ")";
  }

  public static DecimalType of(int precision, int scale) {
    return new DecimalType(precision, scale);
  }

  public int precision() {
    return precision;
  }

  public int scale() {
    return scale;
  }

  /** Bytes of the RowBinary representation: 4 (P ≤ 9), 8 (P ≤ 18) or 16 (P ≤ 38). */
  public int width() {
    return precision <= 9 ? 4 : precision <= 18 ? 8 : 16;
  }

  void requireWidth(int bytes) {
    if (width() != bytes) {
      throw new IllegalArgumentException(name + " is " + width() + " bytes wide, not " + bytes);
    }
  }

  /** The unscaled value of {@code v} at this scale, checked against the precision (P ≤ 18). */
  public long unscaledLong(String column, BigDecimal v) throws UnwritableRecordException {
    BigInteger u = exact(column, v).unscaledValue();
    if (u.bitLength() > 63) {
      throw outOfRange(column, v);
    }
    long x = u.longValue();
    if (x >= limitLong || x <= -limitLong) {
      throw outOfRange(column, v);
    }
    return x;
  }

  /**
   * The unscaled value of an already scaled number (e.g. an Avro decimal of the same scale), checked
   * against the precision (P ≤ 18).
   */
  public long checkUnscaled(String column, long unscaled) throws UnwritableRecordException {
    if (unscaled >= limitLong || unscaled <= -limitLong) {
      throw outOfRange(column, BigDecimal.valueOf(unscaled, scale));
    }
    return unscaled;
  }

  /** The unscaled value of {@code v} at this scale, checked against the precision. */
  public BigInteger unscaled(String column, BigDecimal v) throws UnwritableRecordException {
    BigInteger u = exact(column, v).unscaledValue();
    if (u.abs().compareTo(limit) >= 0) {
      throw outOfRange(column, v);
    }
    return u;
  }

  private BigDecimal exact(String column, BigDecimal v) throws UnwritableRecordException {
    if (v == null) {
      throw new UnwritableRecordException(column + " is missing");
    }
    if (v.scale() == scale) {
      return v;
    }
    try {
      return v.setScale(scale, RoundingMode.UNNECESSARY);
    } catch (ArithmeticException e) {
      throw new UnwritableRecordException(column + " = " + v.toPlainString() + " has more than " + scale
          + " decimal places (" + name + ")");
    }
  }

  private UnwritableRecordException outOfRange(String column, BigDecimal v) {
    return new UnwritableRecordException(column + " = " + v.toPlainString() + " is out of the range of " + name);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DecimalType d && d.precision == precision && d.scale == scale;
  }

  @Override
  public int hashCode() {
    return 31 * precision + scale;
  }

  @Override
  public String toString() {
    return name;
  }
}
