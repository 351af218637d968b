package dev.tokenledger.warehouse.clickhouse;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A column: its name and its ClickHouse type, spelled as {@code system.columns} reports it. A
 * {@code Decimal(P, S)} column (or a {@code Nullable} one) also carries its {@link DecimalType}, derived
 * from the type, so a writer never restates precision and scale.
 *
 * @param name the column name
 * @param type the ClickHouse type, e.g. {@code UInt64}, {@code Nullable(Decimal(18, 9))}
 * @param decimal the decimal type when {@code type} is a decimal, else null
 */
public record Column(String name, String type, DecimalType decimal) {

  private static final Pattern DECIMAL = Pattern.compile("(?:Nullable\\()?Decimal\\((\\d+), (\\d+)\\)\\)?");

  public Column {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    DecimalType derived = decimalOf(type);
    if (!Objects.equals(derived, decimal)) {
      throw new IllegalArgumentException("column " + name + " of type " + type + " cannot have decimal type " + decimal);
    }
  }

  public static Column of(String name, String type) {
    return new Column(name, type, decimalOf(type));
  }

  /** The decimal type of this column; throws if it is not a decimal column. */
  public DecimalType requireDecimal() {
    if (decimal == null) {
      throw new IllegalArgumentException("column " + name + " is " + type + ", not a Decimal");
    }
    return decimal;
  }

  private static DecimalType decimalOf(String type) {
    Matcher m = DECIMAL.matcher(type);
    return m.matches() ? DecimalType.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))) : null;
  }
}
