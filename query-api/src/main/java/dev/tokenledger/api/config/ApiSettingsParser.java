package dev.tokenledger.api.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.tokenledger.warehouse.clickhouse.ClickHouseEndpoint;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@link ApiSettings} once: built-in defaults, then the TOML file ({@code --config}), then the
 * environment. Unknown sections and keys, wrong types and invalid values are all collected and reported
 * together in one {@link ConfigException}. The reference file {@code config/api.reference.toml} lists
 * every key with its default.
 *
 * <pre>
 * key                       environment (wins over the file)   default
 * clickhouse.url            TOKENLEDGER_CLICKHOUSE_URL         http://127.0.0.1:18123
 * clickhouse.database       TOKENLEDGER_CLICKHOUSE_DATABASE    tokenledger
 * clickhouse.user           TOKENLEDGER_CLICKHOUSE_USER        default
 * clickhouse.password       TOKENLEDGER_CLICKHOUSE_PASSWORD    (none)
 * clickhouse.query_timeout  TOKENLEDGER_API_QUERY_TIMEOUT_S    30s (the variable in whole seconds)
 * org.time_zone             TOKENLEDGER_ORG_TIME_ZONE          UTC
 * http.host                 TOKENLEDGER_API_HOST               127.0.0.1
 * http.port                 TOKENLEDGER_API_PORT               18090
 * </pre>
 */
public final class ApiSettingsParser {

  public static final String ENV_CLICKHOUSE_URL = "TOKENLEDGER_CLICKHOUSE_URL";
  public static final String ENV_CLICKHOUSE_DATABASE = "TOKENLEDGER_CLICKHOUSE_DATABASE";
  public static final String ENV_CLICKHOUSE_USER = "TOKENLEDGER_CLICKHOUSE_USER";
  public static final String ENV_CLICKHOUSE_PASSWORD = "TOKENLEDGER_CLICKHOUSE_PASSWORD";
  public static final String ENV_QUERY_TIMEOUT_S = "TOKENLEDGER_API_QUERY_TIMEOUT_S";
  public static final String ENV_TIME_ZONE = "TOKENLEDGER_ORG_TIME_ZONE";
  public static final String ENV_HOST = "TOKENLEDGER_API_HOST";
  public static final String ENV_PORT = "TOKENLEDGER_API_PORT";

  static final Map<String, Set<String>> KEYS = Map.of(
      "clickhouse", Set.of("url", "database", "user", "password", "query_timeout"),
      "org", Set.of("time_zone"),
      "http", Set.of("host", "port"));

  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");
  private static final Duration MAX_QUERY_TIMEOUT = Duration.ofHours(1);

  private final List<String> errors = new ArrayList<>();
  private final Map<String, String> env;
  private JsonNode root = MissingNode.getInstance();

  private ApiSettingsParser(Map<String, String> env) {
    this.env = env;
  }

  /** Parses {@code file} (optional) with {@code env} overrides; throws {@link ConfigException} listing every error. */
  public static ApiSettings parse(Optional<Path> file, Map<String, String> env) {
    ApiSettingsParser p = new ApiSettingsParser(env);
    file.ifPresent(p::read);
    return p.build();
  }

  /** The settings from the environment alone (no file). */
  public static ApiSettings parse(Map<String, String> env) {
    return parse(Optional.empty(), env);
  }

  private ApiSettings build() {
    String url = setting("clickhouse", "url", ENV_CLICKHOUSE_URL, "http://127.0.0.1:18123");
    URI uri = null;
    try {
      uri = URI.create(url);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
        errors.add(source("clickhouse", "url", ENV_CLICKHOUSE_URL) + ": must start with http:// or https://: " + url);
      }
    } catch (IllegalArgumentException e) {
      errors.add(source("clickhouse", "url", ENV_CLICKHOUSE_URL) + ": " + e.getMessage());
    }
    String database = setting("clickhouse", "database", ENV_CLICKHOUSE_DATABASE, "tokenledger");
    if (!ClickHouseEndpoint.isIdentifier(database) || database.length() > 128) {
      errors.add(source("clickhouse", "database", ENV_CLICKHOUSE_DATABASE) + ": not a plain identifier: '" + database + "'");
    }
    String user = setting("clickhouse", "user", ENV_CLICKHOUSE_USER, "default");
    String password = setting("clickhouse", "password", ENV_CLICKHOUSE_PASSWORD, "");
    Duration timeout = queryTimeout();
    ZoneId zone = ZoneId.of("UTC");
    String zoneText = setting("org", "time_zone", ENV_TIME_ZONE, "UTC");
    try {
      zone = ZoneId.of(zoneText);
    } catch (DateTimeException e) {
      errors.add(source("org", "time_zone", ENV_TIME_ZONE) + ": " + e.getMessage());
    }
    String host = setting("http", "host", ENV_HOST, "127.0.0.1");
    int port = port();
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    return new ApiSettings(new ClickHouseEndpoint(uri, database, user, password, timeout), zone, port, host);
  }

  private Duration queryTimeout() {
    Optional<String> fromEnv = envValue(ENV_QUERY_TIMEOUT_S);
    if (fromEnv.isPresent()) {
      long s = integer(ENV_QUERY_TIMEOUT_S, fromEnv.get(), 30, 1, MAX_QUERY_TIMEOUT.toSeconds());
      return Duration.ofSeconds(s);
    }
    String text = fileText("clickhouse", "query_timeout");
    if (text == null) {
      return Duration.ofSeconds(30);
    }
    Duration d = duration(text);
    if (d == null || d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(MAX_QUERY_TIMEOUT) > 0) {
      errors.add("clickhouse.query_timeout: expected a duration from 1s to 1h such as 30s, got '" + text + "'");
      return Duration.ofSeconds(30);
    }
    return d;
  }

  private int port() {
    Optional<String> fromEnv = envValue(ENV_PORT);
    if (fromEnv.isPresent()) {
      return (int) integer(ENV_PORT, fromEnv.get(), 18090, 0, 65535);
    }
    JsonNode n = root.path("http").path("port");
    if (n.isMissingNode()) {
      return 18090;
    }
    if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < 0 || n.asInt() > 65535) {
      errors.add("http.port: expected an integer in [0, 65535], got " + n);
      return 18090;
    }
    return n.asInt();
  }

  /** The environment variable if set, else the file's key, else the default. */
  private String setting(String section, String key, String envName, String fallback) {
    Optional<String> fromEnv = envValue(envName);
    if (fromEnv.isPresent()) {
      return fromEnv.get();
    }
    String fromFile = fileText(section, key);
    return fromFile != null ? fromFile : fallback;
  }

  /** Names where a value came from, for error messages. */
  private String source(String section, String key, String envName) {
    return envValue(envName).isPresent() ? envName : section + "." + key;
  }

  private Optional<String> envValue(String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  private String fileText(String section, String key) {
    JsonNode n = root.path(section).path(key);
    if (n.isMissingNode()) {
      return null;
    }
    if (!n.isTextual()) {
      errors.add(section + "." + key + ": expected a string, got " + n);
      return null;
    }
    return n.asText();
  }

  private long integer(String name, String text, long fallback, long min, long max) {
    try {
      long n = Long.parseLong(text);
      if (n < min || n > max) {
        errors.add(name + ": must be " + min + ".." + max + ": " + n);
        return fallback;
      }
      return n;
    } catch (NumberFormatException e) {
      errors.add(name + ": not a number: '" + text + "'");
      return fallback;
    }
  }

  /** {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h} or ISO-8601 ({@code PT30S}); null when not a duration. */
  static Duration duration(String text) {
    String s = text.trim();
    Matcher m = SHORT_DURATION.matcher(s);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      };
    }
    try {
      return Duration.parse(s);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private void read(Path file) {
    try {
      root = new TomlMapper().readTree(Files.readString(file));
    } catch (IOException e) {
      errors.add("cannot read " + file + ": " + e.getMessage());
      return;
    }
    root.fields().forEachRemaining(s -> {
      Set<String> known = KEYS.get(s.getKey());
      if (known == null || !s.getValue().isObject()) {
        errors.add("unknown section [" + s.getKey() + "] (known: " + new TreeSet<>(KEYS.keySet()) + ")");
        return;
      }
      s.getValue().fieldNames().forEachRemaining(k -> {
        if (!known.contains(k)) {
          errors.add("unknown key " + s.getKey() + "." + k + " (known: " + new TreeSet<>(known) + ")");
        }
      });
    });
  }
}
