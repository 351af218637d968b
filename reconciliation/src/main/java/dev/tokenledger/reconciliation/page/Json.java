package dev.tokenledger.reconciliation.page;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tokenledger.reconciliation.ProviderReportException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Strict reading of the providers' JSON: numbers as exact decimals, a missing required field is an error. */
public final class Json {

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
      .build();

  private final String what;

  private Json(String what) {
    this.what = what;
  }

  /** Reads {@code json}; {@code what} names the report in error messages. */
  public static JsonNode read(String json, String what) throws ProviderReportException {
    try {
      JsonNode n = MAPPER.readTree(json);
      if (n == null || !n.isObject()) {
        throw new ProviderReportException(what + ": the page is not a JSON object");
      }
      return n;
    } catch (JsonProcessingException e) {
      throw new ProviderReportException(what + ": not JSON (" + e.getOriginalMessage() + ")");
    }
  }

  public static Json about(String what) {
    return new Json(what);
  }

  /** {@code data} (or {@code alt}) as an array. */
  public JsonNode array(JsonNode parent, String field, String alt) throws ProviderReportException {
    JsonNode n = parent.get(field);
    if ((n == null || n.isNull()) && alt != null) {
      n = parent.get(alt);
    }
    if (n == null || !n.isArray()) {
      throw new ProviderReportException(what + ": '" + field + "' is missing or not an array");
    }
    return n;
  }

  /** A non-negative whole number; 0 when absent or null. */
  public long count(JsonNode parent, String field) throws ProviderReportException {
    JsonNode n = parent == null ? null : parent.get(field);
    if (n == null || n.isNull() || n.isMissingNode()) {
      return 0;
    }
    if (!n.isIntegralNumber() || n.asLong() < 0) {
      throw new ProviderReportException(what + ": '" + field + "' is not a whole number ≥ 0: " + n);
    }
    return n.asLong();
  }

  /** A text field, or {@code ""} when absent or null. */
  public static String text(JsonNode parent, String field) {
    JsonNode n = parent == null ? null : parent.get(field);
    return n == null || n.isNull() ? "" : n.asText();
  }

  /** An exact decimal from a JSON number or a decimal string. */
  public BigDecimal decimal(JsonNode parent, String field) throws ProviderReportException {
    JsonNode n = parent == null ? null : parent.get(field);
    if (n == null || n.isNull()) {
      throw new ProviderReportException(what + ": '" + field + "' is missing");
    }
    try {
      return n.isNumber() ? n.decimalValue() : new BigDecimal(n.asText().trim());
    } catch (NumberFormatException e) {
      throw new ProviderReportException(what + ": '" + field + "' is not a decimal: " + n);
    }
  }

  /** The UTC day of an RFC 3339 time (or a plain date). */
  public LocalDate day(JsonNode parent, String field) throws ProviderReportException {
    String t = text(parent, field);
    try {
      if (t.length() == 10) {
        return LocalDate.parse(t);
      }
      return OffsetDateTime.parse(t).withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
    } catch (DateTimeParseException e) {
      throw new ProviderReportException(what + ": '" + field + "' is not an RFC 3339 time: '" + t + "'");
    }
  }

  /** The UTC day of a Unix time in seconds. */
  public LocalDate unixDay(JsonNode parent, String field) throws ProviderReportException {
    JsonNode n = parent.get(field);
    if (n == null || !n.isIntegralNumber()) {
      throw new ProviderReportException(what + ": '" + field + "' is not a Unix time");
    }
    return Instant.ofEpochSecond(n.asLong()).atZone(ZoneOffset.UTC).toLocalDate();
  }

  /** {@code next_page} when {@code has_more} is true. */
  public Optional<String> nextPage(JsonNode root) throws ProviderReportException {
    JsonNode more = root.get("has_more");
    if (more == null || !more.asBoolean(false)) {
      return Optional.empty();
    }
    String next = text(root, "next_page");
    if (next.isEmpty()) {
      throw new ProviderReportException(what + ": has_more is true but next_page is missing");
    }
    return Optional.of(next);
  }
}
