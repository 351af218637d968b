package dev.tokenledger.api.config;

import dev.tokenledger.settings.ConfigException;
import dev.tokenledger.settings.TomlSettings;
import dev.tokenledger.warehouse.clickhouse.ClickHouseEndpoint;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parses {@link ApiSettings} once: built-in defaults, then the TOML file ({@code --config}), then the
 * environment. Unknown sections and keys, wrong types and invalid values are all collected and reported
 * together in one {@link ConfigException}, read with the same {@link TomlSettings} as every other role.
 * The reference file {@code config/api.reference.toml} lists every key with its default.
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

  private static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration MAX_QUERY_TIMEOUT = Duration.ofHours(1);

  private final TomlSettings toml;
  private final Map<String, String> env;

  private ApiSettingsParser(TomlSettings toml, Map<String, String> env) {
    this.toml = toml;
    this.env = env;
  }

  /** Parses {@code file} (optional) with {@code env} overrides; throws {@link ConfigException} listing every error. */
  public static ApiSettings parse(Optional<Path> file, Map<String, String> env) {
    return new ApiSettingsParser(new TomlSettings(file, KEYS), env).build();
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
        toml.error(source("clickhouse", "url", ENV_CLICKHOUSE_URL) + ": must start with http:// or https://: " + url);
      }
    } catch (IllegalArgumentException e) {
      toml.error(source("clickhouse", "url", ENV_CLICKHOUSE_URL) + ": " + e.getMessage());
    }
    String database = setting("clickhouse", "database", ENV_CLICKHOUSE_DATABASE, "tokenledger");
    if (!ClickHouseEndpoint.isIdentifier(database) || database.length() > 128) {
      toml.error(source("clickhouse", "database", ENV_CLICKHOUSE_DATABASE) + ": not a plain identifier: '" + database + "'");
    }
    String user = setting("clickhouse", "user", ENV_CLICKHOUSE_USER, "default");
    String password = setting("clickhouse", "password", ENV_CLICKHOUSE_PASSWORD, "");
    Duration timeout = queryTimeout();
    ZoneId zone = env(ENV_TIME_ZONE).map(z -> parseZone(ENV_TIME_ZONE, z))
        .orElseGet(() -> toml.value("org", "time_zone", "UTC", ZoneId::of, "an IANA time zone such as Europe/Berlin"));
    String host = setting("http", "host", ENV_HOST, "127.0.0.1");
    int port = env(ENV_PORT).map(p -> (int) integer(ENV_PORT, p, 18090, 0, 65535))
        .orElseGet(() -> (int) toml.number("http", "port", 18090, 0, 65535));
    toml.throwIfErrors();
    return new ApiSettings(new ClickHouseEndpoint(uri, database, user, password, timeout), zone == null ? ZoneId.of("UTC") : zone,
        port, host);
  }

  private Duration queryTimeout() {
    Optional<String> fromEnv = env(ENV_QUERY_TIMEOUT_S);
    if (fromEnv.isPresent()) {
      return Duration.ofSeconds(integer(ENV_QUERY_TIMEOUT_S, fromEnv.get(), 30, 1, MAX_QUERY_TIMEOUT.toSeconds()));
    }
    Duration d = toml.duration("clickhouse", "query_timeout", DEFAULT_QUERY_TIMEOUT);
    if (d == null || d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(MAX_QUERY_TIMEOUT) > 0) {
      toml.error("clickhouse.query_timeout: expected a duration from 1s to 1h such as 30s, got " + d);
      return DEFAULT_QUERY_TIMEOUT;
    }
    return d;
  }

  /** The environment variable if set, else the file's key, else the default. */
  private String setting(String section, String key, String envName, String fallback) {
    return env(envName).orElseGet(() -> toml.text(section, key, fallback));
  }

  /** Names where a value came from, for error messages. */
  private String source(String section, String key, String envName) {
    return env(envName).isPresent() ? envName : section + "." + key;
  }

  private Optional<String> env(String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }

  private ZoneId parseZone(String name, String text) {
    try {
      return ZoneId.of(text);
    } catch (java.time.DateTimeException e) {
      toml.error(name + ": " + e.getMessage());
      return null;
    }
  }

  private long integer(String name, String text, long fallback, long min, long max) {
    try {
      long n = Long.parseLong(text);
      if (n < min || n > max) {
        toml.error(name + ": must be " + min + ".." + max + ": " + n);
        return fallback;
      }
      return n;
    } catch (NumberFormatException e) {
      toml.error(name + ": not a number: '" + text + "'");
      return fallback;
    }
  }
}
