package dev.tokenledger.agent.source;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Strict reading of the numbers a usage record carries, shared by the log parsers and the intake: a
 * token count is a JSON whole number that is not negative and fits in 64 bits; a cost is a decimal
 * of sane size (a JSON number, or a string such as {@code "0.0123"}). Anything else — a string where
 * a count belongs, a fraction, a negative value, an exponent of absurd size — is a problem with a
 * reason, never a different number (no clamping to 0, no truncation of 1.5 to 1). An absent value
 * or JSON {@code null} is "not given". Bounds (how large a count or cost may be) are checked later by
 * {@link dev.tokenledger.agent.validation.UsageValidator}, in one place for every path.
 */
public final class JsonNumbers {

  /** Longest digit string and largest exponent a decimal may have before it is not looked at any further. */
  private static final int MAX_DIGITS = 40;
  private static final Pattern PLAIN_DECIMAL = Pattern.compile("-?\\d{1,30}(\\.\\d{1,30})?");

  private JsonNumbers() {}

  /**
   * A token count, or why the value is not one.
   *
   * @param value the count (0 when absent or invalid)
   * @param present whether a value was given
   * @param problem null when the value is acceptable, else the reason (e.g. "must not be negative, was -50")
   */
  public record Count(long value, boolean present, String problem) {
    public boolean ok() {
      return problem == null;
    }
  }

  /**
   * A decimal, or why the value is not one.
   *
   * @param value the decimal, null when absent or invalid
   * @param problem null when the value is acceptable
   */
  public record Decimal(BigDecimal value, String problem) {
    public boolean ok() {
      return problem == null;
    }
  }

  private static final Count ABSENT = new Count(0, false, null);

  /** A token count from a tree node (missing or null = absent). */
  public static Count count(JsonNode n) {
    if (n == null || n.isMissingNode() || n.isNull()) {
      return ABSENT;
    }
    if (n.isIntegralNumber()) {
      if (!n.canConvertToLong()) {
        return bad("is too large, was " + shorten(n.asText()));
      }
      return whole(n.longValue());
    }
    if (n.isNumber()) {
      return bad("must be a whole number, was " + shorten(n.asText()));
    }
    return bad("must be a number, not " + kind(n));
  }

  /** A token count from the streaming parser positioned on {@code t} (a container is skipped). */
  public static Count count(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case VALUE_NULL:
        return ABSENT;
      case VALUE_NUMBER_INT:
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
          return bad("is too large, was " + shorten(p.getText()));
        }
        return whole(p.getLongValue());
      case VALUE_NUMBER_FLOAT:
        return bad("must be a whole number, was " + shorten(p.getText()));
      default:
        String kind = kind(t);
        p.skipChildren();
        return bad("must be a number, not " + kind);
    }
  }

  /** A decimal from a tree node: a JSON number or a string holding a plain decimal. */
  public static Decimal decimal(JsonNode n) {
    if (n == null || n.isMissingNode() || n.isNull()) {
      return new Decimal(null, null);
    }
    BigDecimal v;
    if (n.isIntegralNumber()) {
      v = new BigDecimal(n.bigIntegerValue());
    } else if (n.isBigDecimal()) {
      v = n.decimalValue();
    } else if (n.isNumber()) {
      double d = n.doubleValue();
      if (!Double.isFinite(d)) {
        return new Decimal(null, "must be a finite decimal number, was " + shorten(n.asText()));
      }
      v = new BigDecimal(n.asText());
    } else if (n.isTextual()) {
      return plainText(n.asText());
    } else {
      return new Decimal(null, "must be a decimal number, not " + kind(n));
    }
    return sane(v);
  }

  /** A decimal from the streaming parser positioned on {@code t}. */
  public static Decimal decimal(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case VALUE_NULL:
        return new Decimal(null, null);
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        String text = p.getText();
        if (text.length() > 2 * MAX_DIGITS) {
          return new Decimal(null, notPlain(text));
        }
        return sane(new BigDecimal(text));
      case VALUE_STRING:
        return plainText(p.getText());
      default:
        String kind = kind(t);
        p.skipChildren();
        return new Decimal(null, "must be a decimal number, not " + kind);
    }
  }

  private static Decimal plainText(String s) {
    String t = s.trim();
    if (!PLAIN_DECIMAL.matcher(t).matches()) {
      return new Decimal(null, "must be a decimal number such as 0.0123, was '" + shorten(t) + "'");
    }
    return sane(new BigDecimal(t));
  }

  /**
   * Refuses a decimal whose digits or exponent are out of all proportion (e.g. {@code 1e-999999999}):
   * nothing is computed with it (rescaling it would take the machine's whole memory).
   */
  private static Decimal sane(BigDecimal v) {
    if (Math.abs((long) v.scale()) > MAX_DIGITS || v.precision() > MAX_DIGITS) {
      return new Decimal(null, notPlain(v.toString()));
    }
    return new Decimal(v, null);
  }

  private static String notPlain(String text) {
    return "must be a plain decimal such as 0.0123, was " + shorten(text);
  }

  private static Count whole(long v) {
    return v < 0 ? bad("must not be negative, was " + v) : new Count(v, true, null);
  }

  private static Count bad(String problem) {
    return new Count(0, true, problem);
  }

  private static String kind(JsonNode n) {
    if (n.isTextual()) {
      return "a string";
    }
    if (n.isBoolean()) {
      return "a boolean";
    }
    if (n.isArray()) {
      return "an array";
    }
    return n.isObject() ? "an object" : n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
  }

  private static String kind(JsonToken t) {
    return switch (t) {
      case VALUE_STRING -> "a string";
      case VALUE_TRUE, VALUE_FALSE -> "a boolean";
      case START_ARRAY -> "an array";
      case START_OBJECT -> "an object";
      default -> t.toString();
    };
  }

  /** At most 40 characters of a value, for messages. */
  public static String shorten(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }
}
