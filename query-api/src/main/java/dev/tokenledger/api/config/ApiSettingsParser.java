package dev.tokenledger.api.config;

import dev.tokenledger.warehouse.clickhouse.ClickHouseEndpoint;
import java.net.URI;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses {@link ApiSettings} from the environment, reporting every invalid value at once.
 *
 * <pre>
 * TOKENLEDGER_CLICKHOUSE_URL       http://127.0.0.1:18123
 * TOKENLEDGER_CLICKHOUSE_USER      (server default)
 * TOKENLEDGER_CLICKHOUSE_PASSWORD  (none)
 * TOKENLEDGER_CLICKHOUSE_DATABASE  tokenledger
 * TOKENLEDGER_ORG_TIME_ZONE        UTC
 * TOKENLEDGER_API_HOST             127.0.0.1
 * TOKENLEDGER_API_PORT             18090
 * TOKENLEDGER_API_QUERY_TIMEOUT_S  30
 * </pre>
 */
public final class ApiSettingsParser {

  private ApiSettingsParser() {}

  public static ApiSettings parse(Map<String, String> env) {
    List<String> errors = new ArrayList<>();
    String url = value(env, "TOKENLEDGER_CLICKHOUSE_URL").orElse("http://127.0.0.1:18123");
    URI uri = null;
    try {
      uri = URI.create(url);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        throw new IllegalArgumentException("ClickHouse URL must start with http:// or https://: " + url);
      }
    } catch (IllegalArgumentException e) {
      errors.add("TOKENLEDGER_CLICKHOUSE_URL: " + e.getMessage());
    }
    String database = value(env, "TOKENLEDGER_CLICKHOUSE_DATABASE").orElse("tokenledger");
    if (!database.matches("[A-Za-z_][A-Za-z0-9_]{0,127}")) {
      errors.add("TOKENLEDGER_CLICKHOUSE_DATABASE: not a plain identifier: '" + database + "'");
    }
    ZoneId zone = ZoneId.of("UTC");
    try {
      zone = ZoneId.of(value(env, "TOKENLEDGER_ORG_TIME_ZONE").orElse("UTC"));
    } catch (DateTimeException e) {
      errors.add("TOKENLEDGER_ORG_TIME_ZONE: " + e.getMessage());
    }
    int port = integer(env, "TOKENLEDGER_API_PORT", 18090, 0, 65535, errors);
    String host = value(env, "TOKENLEDGER_API_HOST").orElse("127.0.0.1");
    int timeout = integer(env, "TOKENLEDGER_API_QUERY_TIMEOUT_S", 30, 1, 3600, errors);
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException("invalid query API settings:\n  " + String.join("\n  ", errors));
    }
    ClickHouseEndpoint endpoint = new ClickHouseEndpoint(uri, database, value(env, "TOKENLEDGER_CLICKHOUSE_USER").orElse("default"),
        value(env, "TOKENLEDGER_CLICKHOUSE_PASSWORD").orElse(""), Duration.ofSeconds(timeout));
    return new ApiSettings(endpoint, zone, port, host);
  }

  private static Optional<String> value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  private static int integer(Map<String, String> env, String name, int fallback, int min, int max, List<String> errors) {
    Optional<String> v = value(env, name);
    if (v.isEmpty()) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v.get());
      if (n < min || n > max) {
        errors.add(name + ": must be " + min + ".." + max + ": " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      errors.add(name + ": not a number: '" + v.get() + "'");
      return fallback;
    }
  }
}
