package dev.tokenledger.warehouse.testing;

import dev.tokenledger.warehouse.clickhouse.Column;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads RowBinary rows back by column type (tests only), rendering each value as ClickHouse's
 * TabSeparated output shows it unescaped: numbers, {@code 2026-11-23}, {@code 2026-11-22 23:30:00},
 * decimals with their scale, {@code \N} for a null, {@code ['a','b']} / {@code [1,2]} for arrays. Reading
 * by the declared types checks that the writer wrote exactly those types in that order.
 */
public final class RowBinaryReader {

  private static final Pattern DECIMAL = Pattern.compile("Decimal\\((\\d+), (\\d+)\\)");
  private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private final byte[] data;
  private int pos;

  public RowBinaryReader(byte[] data) {
    this.data = data;
  }

  public boolean atEnd() {
    return pos == data.length;
  }

  /** One row of {@code columns}, column name → value. */
  public Map<String, String> row(List<Column> columns) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Column c : columns) {
      out.put(c.name(), value(c.type()));
    }
    return out;
  }

  /** All rows of a body; fails if the body does not end exactly after a row. */
  public static List<Map<String, String>> rows(byte[] body, List<Column> columns) {
    RowBinaryReader r = new RowBinaryReader(body);
    List<Map<String, String>> out = new ArrayList<>();
    while (!r.atEnd()) {
      out.add(r.row(columns));
    }
    return out;
  }

  public String value(String type) {
    if (type.startsWith("Nullable(")) {
      return u8() == 1 ? "\\N" : value(type.substring(9, type.length() - 1));
    }
    if (type.startsWith("Array(")) {
      String element = type.substring(6, type.length() - 1);
      long n = varint();
      StringBuilder s = new StringBuilder("[");
      for (long i = 0; i < n; i++) {
        String v = value(element);
        s.append(i == 0 ? "" : ",").append(element.equals("String") ? "'" + v + "'" : v);
      }
      return s.append(']').toString();
    }
    Matcher m = DECIMAL.matcher(type);
    if (m.matches()) {
      int precision = Integer.parseInt(m.group(1));
      int scale = Integer.parseInt(m.group(2));
      int width = precision <= 9 ? 4 : precision <= 18 ? 8 : 16;
      byte[] le = take(width);
      byte[] be = new byte[width];
      for (int i = 0; i < width; i++) {
        be[i] = le[width - 1 - i];
      }
      return new BigDecimal(new BigInteger(be), scale).toPlainString();
    }
    return switch (type) {
      case "String" -> {
        int n = (int) varint();
        yield new String(take(n), StandardCharsets.UTF_8);
      }
      case "UInt8" -> String.valueOf(u8());
      case "UInt16" -> String.valueOf(le(2));
      case "UInt32" -> String.valueOf(le(4));
      case "UInt64" -> Long.toUnsignedString(le(8));
      case "Int64" -> String.valueOf(le(8));
      case "Date" -> LocalDate.ofEpochDay(le(2)).toString();
      case "DateTime('UTC')" -> DATE_TIME.format(Instant.ofEpochSecond(le(4)));
      default -> throw new IllegalArgumentException("type " + type + " not supported by the test reader");
    };
  }

  private int u8() {
    return take(1)[0] & 0xFF;
  }

  private long le(int bytes) {
    byte[] b = take(bytes);
    long v = 0;
    for (int i = bytes - 1; i >= 0; i--) {
      v = v << 8 | (b[i] & 0xFF);
    }
    return v;
  }

  private long varint() {
    long v = 0;
    for (int shift = 0; ; shift += 7) {
      int b = u8();
      v |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
  }

  private byte[] take(int n) {
    if (pos + n > data.length) {
      throw new IllegalStateException("RowBinary ends early: " + n + " bytes wanted at " + pos + " of " + data.length);
    }
    byte[] out = Arrays.copyOfRange(data, pos, pos + n);
    pos += n;
    return out;
  }
}
