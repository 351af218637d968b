package dev.tokenledger.warehouse;

import dev.tokenledger.warehouse.clickhouse.SqlLiteral;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A shipped query ({@code clickhouse/queries/*.sql}) with typed parameters. The file declares each
 * parameter with a sample value in a header comment,
 * <pre>-- param: month Date = 2026-11-01</pre>
 * and uses it as {@code ${month}}. {@link #render} validates the values and writes them as escaped
 * literals (the 18.16 server has no server-side parameters). Types: String, Date, DateTime, Decimal, UInt.
 */
public record QueryTemplate(String name, String title, String sql, Map<String, Param> params) {

  public static final String QUERIES_DIR = "clickhouse/queries";
  private static final Pattern PARAM = Pattern.compile("^--\\s*param:\\s*(\\w+)\\s+(String|Date|DateTime|Decimal|UInt)\\s*=\\s*(.*?)\\s*$");
  private static final Pattern USE = Pattern.compile("\\$\\{(\\w+)}");

  /** A declared parameter and its sample value. */
  public record Param(String name, String type, String sample) {}

  public static QueryTemplate of(String fileName, String text) {
    Map<String, Param> params = new LinkedHashMap<>();
    String title = null;
    for (String line : text.split("\n")) {
      String l = line.strip();
      if (!l.startsWith("--")) {
        continue;
      }
      Matcher m = PARAM.matcher(l);
      if (m.matches()) {
        params.put(m.group(1), new Param(m.group(1), m.group(2), m.group(3)));
      } else if (title == null) {
        title = l.substring(2).strip();
      }
    }
    List<String> statements = SqlScript.statements(text);
    if (statements.size() != 1) {
      throw new IllegalArgumentException(fileName + ": a query file holds exactly one statement, found " + statements.size());
    }
    Matcher use = USE.matcher(statements.get(0));
    while (use.find()) {
      if (!params.containsKey(use.group(1))) {
        throw new IllegalArgumentException(fileName + ": ${" + use.group(1) + "} is not declared with -- param:");
      }
    }
    String name = fileName.endsWith(".sql") ? fileName.substring(0, fileName.length() - 4) : fileName;
    return new QueryTemplate(name, title == null ? name : title, statements.get(0), Map.copyOf(params));
  }

  public static List<QueryTemplate> shipped() {
    List<QueryTemplate> out = new ArrayList<>();
    ClasspathSql.files(QUERIES_DIR).forEach((n, text) -> out.add(of(n, text)));
    return out;
  }

  /** The SQL with the sample values of its parameters. */
  public String renderSamples() {
    Map<String, String> values = new LinkedHashMap<>();
    params.values().forEach(p -> values.put(p.name(), p.sample()));
    return render(values);
  }

  /** The SQL with {@code values} substituted as literals; every parameter must be given. */
  public String render(Map<String, String> values) {
    Matcher m = USE.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Param p = params.get(m.group(1));
      String v = values.get(p.name());
      if (v == null) {
        throw new IllegalArgumentException(name + ": no value for parameter " + p.name());
      }
      m.appendReplacement(out, Matcher.quoteReplacement(literal(p, v)));
    }
    m.appendTail(out);
    return out.toString();
  }

  static String literal(Param p, String v) {
    try {
      return switch (p.type()) {
        case "String" -> SqlLiteral.quote(v);
        case "Date" -> "toDate('" + LocalDate.parse(v) + "')";
        case "DateTime" -> "toDateTime('" + LocalDateTime.parse(v.replace(' ', 'T'))
            .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")) + "', 'UTC')";
        case "Decimal" -> "toDecimal64('" + new BigDecimal(v).toPlainString() + "', 9)";
        case "UInt" -> {
          if (!v.matches("\\d{1,18}")) {
            throw new IllegalArgumentException("not an unsigned integer");
          }
          yield v;
        }
        default -> throw new IllegalStateException(p.type());
      };
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new IllegalArgumentException("parameter " + p.name() + " (" + p.type() + "): '" + v + "' is not valid", e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("parameter " + p.name() + " (" + p.type() + "): '" + v + "' is not valid: " + e.getMessage(), e);
    }
  }
}
