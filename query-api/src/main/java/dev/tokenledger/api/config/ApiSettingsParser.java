package dev.tokenledger.api.config;

import dev.tokenledger.operations.OpsSettings;
import dev.tokenledger.schemas.Topics;
import dev.tokenledger.settings.ConfigException;
import dev.tokenledger.settings.KafkaKeys;
import dev.tokenledger.settings.KafkaSecurity;
import dev.tokenledger.settings.RegistryCredentials;
import dev.tokenledger.settings.TomlSettings;
import dev.tokenledger.warehouse.clickhouse.ClickHouseEndpoint;
import dev.tokenledger.api.auth.Role;
import dev.tokenledger.api.auth.oidc.OidcSettings;
import dev.tokenledger.api.efficiency.EfficiencySettings;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
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
 * http.max_request_bytes                                       65536 (1024..16777216)
 * http.cors_origins                                            [] (CORS off); each https://host[:port]
 * http.threads                                                 32 (4..512)
 * http.shutdown_grace                                          10s (0s..5m)
 * auth.token_cache                                             30s (0s..10m; revocation latency)
 * oidc.issuer                                                  "" (OIDC off)
 * oidc.jwks_url                                                required with an issuer; https (http only on localhost)
 * oidc.audience                                                required with an issuer
 * oidc.org                                                     "" (exactly one of org and org_claim with an issuer)
 * oidc.org_claim                                               ""
 * oidc.user_claim                                              email
 * oidc.email_claim                                             email
 * oidc.teams_claim                                             groups
 * oidc.role_claim                                              tokenledger_role
 * oidc.default_role                                            developer
 * limits.max_execution_time                                    10s (1s..1h)
 * limits.max_rows_to_read                                      2000000000
 * limits.max_memory_usage_bytes                                4294967296 (64 MiB..1 TiB)
 * limits.max_range_days                                        1100 (1..36600)
 * finance.close_after                                          25h (at least 24h15m, at most 90d)
 * cache.ttl                 TOKENLEDGER_API_CACHE_TTL_S        5s (0s = off, at most 10m; the variable in whole seconds)
 * cache.max_entries                                            1000 (1..1000000)
 * kafka.bootstrap_servers   TOKENLEDGER_BOOTSTRAP_SERVERS      127.0.0.1:19092 (budgets only)
 * kafka.registry_url        TOKENLEDGER_REGISTRY_URL           http://127.0.0.1:18081/apis/ccompat/v7
 * topics.budgets                                               budgets.v1
 * efficiency.*                                                 see api.reference.toml (targets and smell thresholds)
 * </pre>
 */
public final class ApiSettingsParser {

  public static final String ENV_CLICKHOUSE_URL = "TOKENLEDGER_CLICKHOUSE_URL";
  public static final String ENV_CLICKHOUSE_DATABASE = "TOKENLEDGER_CLICKHOUSE_DATABASE";
  public static final String ENV_CLICKHOUSE_USER = "TOKENLEDGER_CLICKHOUSE_USER";
  public static final String ENV_CLICKHOUSE_PASSWORD = "TOKENLEDGER_CLICKHOUSE_PASSWORD";
  public static final String ENV_QUERY_TIMEOUT_S = "TOKENLEDGER_API_QUERY_TIMEOUT_S";
  public static final String ENV_CACHE_TTL_S = "TOKENLEDGER_API_CACHE_TTL_S";
  public static final String ENV_TIME_ZONE = "TOKENLEDGER_ORG_TIME_ZONE";
  public static final String ENV_HOST = "TOKENLEDGER_API_HOST";
  public static final String ENV_PORT = "TOKENLEDGER_API_PORT";
  /** The same variables as the stream processor's and the sink's settings. */
  public static final String ENV_BOOTSTRAP = "TOKENLEDGER_BOOTSTRAP_SERVERS";
  public static final String ENV_REGISTRY = "TOKENLEDGER_REGISTRY_URL";

  static final Map<String, Set<String>> KEYS = Map.ofEntries(OpsSettings.KEYS,
      Map.entry("clickhouse", Set.of("url", "database", "user", "password", "query_timeout")),
      Map.entry("org", Set.of("time_zone")),
      Map.entry("http", Set.of("host", "port", "max_request_bytes", "cors_origins", "threads", "shutdown_grace")),
      Map.entry("auth", Set.of("token_cache")),
      Map.entry("oidc", Set.of("issuer", "jwks_url", "audience", "org", "org_claim", "user_claim", "email_claim", "teams_claim", "role_claim",
          "default_role")),
      Map.entry("limits", Set.of("max_execution_time", "max_rows_to_read", "max_memory_usage_bytes", "max_range_days")),
      Map.entry("finance", Set.of("close_after")),
      Map.entry("cache", Set.of("ttl", "max_entries")),
      Map.entry("kafka", KafkaKeys.with("bootstrap_servers", "registry_url")),
      Map.entry("topics", Set.of("budgets")),
      Map.entry("efficiency", Set.of("cache_hit_target", "outlier_factor", "outlier_baseline_days", "outlier_min_sessions", "outlier_limit",
          "share_limit", "trivial_output_tokens", "smell_min_calls", "cache_write_min_tokens", "cache_reads_per_write",
          "long_context_share", "trivial_share", "zombie_days")));

  private static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration MAX_QUERY_TIMEOUT = Duration.ofHours(1);
  /** The stream processor's rollups.grace (24h) plus its events.max_future_skew (15m). */
  static final Duration MIN_CLOSE_AFTER = Duration.ofHours(24).plusMinutes(15);

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
    HttpSettings http = new HttpSettings(host, port,
        (int) toml.number("http", "max_request_bytes", 65536, 1024, 16L * 1024 * 1024), corsOrigins(),
        (int) toml.number("http", "threads", 32, 4, 512),
        boundedDuration("http", "shutdown_grace", Duration.ofSeconds(10), Duration.ZERO, Duration.ofMinutes(5)));
    AuthSettings auth = new AuthSettings(
        boundedDuration("auth", "token_cache", Duration.ofSeconds(30), Duration.ZERO, Duration.ofMinutes(10)), oidc());
    LimitSettings limits = new LimitSettings(
        boundedDuration("limits", "max_execution_time", Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofHours(1)),
        toml.number("limits", "max_rows_to_read", 2_000_000_000L, 1, Long.MAX_VALUE),
        toml.number("limits", "max_memory_usage_bytes", 4L * 1024 * 1024 * 1024, 64L * 1024 * 1024, 1L << 40),
        (int) toml.number("limits", "max_range_days", 1100, 1, 36600));
    FinanceSettings finance = new FinanceSettings(
        boundedDuration("finance", "close_after", Duration.ofHours(25), MIN_CLOSE_AFTER, Duration.ofDays(90)));
    CacheSettings cache = new CacheSettings(
        env(ENV_CACHE_TTL_S).map(v -> Duration.ofSeconds(integer(ENV_CACHE_TTL_S, v, 5, 0, 600)))
            .orElseGet(() -> boundedDuration("cache", "ttl", Duration.ofSeconds(5), Duration.ZERO, Duration.ofMinutes(10))),
        (int) toml.number("cache", "max_entries", 1000, 1, 1_000_000));
    KafkaSettings kafka = kafka();
    EfficiencySettings efficiency = efficiency();
    OpsSettings ops = OpsSettings.parse(toml, env);
    toml.throwIfErrors();
    return new ApiSettings(new ClickHouseEndpoint(uri, database, user, password, timeout), zone == null ? ZoneId.of("UTC") : zone,
        http, auth, limits, finance, cache, kafka, efficiency, ops);
  }

  /** {@code [efficiency]}: decimals as strings (exact), counts as integers; every range checked by {@link EfficiencySettings}. */
  private EfficiencySettings efficiency() {
    EfficiencySettings d = EfficiencySettings.DEFAULTS;
    BigDecimal target = decimal("cache_hit_target", d.cacheHitTarget());
    BigDecimal factor = decimal("outlier_factor", d.outlierFactor());
    BigDecimal readsPerWrite = decimal("cache_reads_per_write", d.cacheReadsPerWrite());
    BigDecimal longContext = decimal("long_context_share", d.longContextShare());
    BigDecimal trivial = decimal("trivial_share", d.trivialShare());
    try {
      return new EfficiencySettings(target, factor,
          (int) toml.number("efficiency", "outlier_baseline_days", d.outlierBaselineDays(), 0, 366),
          (int) toml.number("efficiency", "outlier_min_sessions", d.outlierMinSessions(), 1, 100_000),
          (int) toml.number("efficiency", "outlier_limit", d.outlierLimit(), 0, 1000),
          (int) toml.number("efficiency", "share_limit", d.shareLimit(), 1, 1000),
          toml.number("efficiency", "trivial_output_tokens", d.trivialOutputTokens(), 0, 1_000_000),
          toml.number("efficiency", "smell_min_calls", d.smellMinCalls(), 1, 1_000_000_000),
          toml.number("efficiency", "cache_write_min_tokens", d.cacheWriteMinTokens(), 0, Long.MAX_VALUE),
          readsPerWrite, longContext, trivial,
          (int) toml.number("efficiency", "zombie_days", d.zombieDays(), 1, 3660));
    } catch (IllegalArgumentException e) {
      toml.error("efficiency." + e.getMessage());
      return d;
    }
  }

  private BigDecimal decimal(String key, BigDecimal fallback) {
    BigDecimal v = toml.value("efficiency", key, fallback.toPlainString(), BigDecimal::new, "a decimal as a string, e.g. \"0.70\"");
    return v == null ? fallback : v;
  }

  private KafkaSettings kafka() {
    String bootstrap = setting("kafka", "bootstrap_servers", ENV_BOOTSTRAP, "127.0.0.1:19092").strip();
    if (bootstrap.isEmpty() || !bootstrap.matches("[^\\s,]+:\\d{1,5}(,[^\\s,]+:\\d{1,5})*")) {
      toml.error(source("kafka", "bootstrap_servers", ENV_BOOTSTRAP) + ": expected host:port[,host:port...], got '" + bootstrap + "'");
    }
    String registry = setting("kafka", "registry_url", ENV_REGISTRY, "http://127.0.0.1:18081/apis/ccompat/v7").strip();
    try {
      URI u = new URI(registry);
      if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
        toml.error(source("kafka", "registry_url", ENV_REGISTRY) + ": must be an http:// or https:// URL, got '" + registry + "'");
      }
    } catch (URISyntaxException e) {
      toml.error(source("kafka", "registry_url", ENV_REGISTRY) + ": " + e.getMessage());
    }
    String budgets = toml.text("topics", "budgets", Topics.defaults().budgets()).strip();
    if (!budgets.matches("[a-zA-Z0-9._-]{1,249}")) {
      toml.error("topics.budgets: not a Kafka topic name: '" + budgets + "'");
    }
    return new KafkaSettings(bootstrap, registry, budgets, KafkaSecurity.parse(toml, "kafka", env),
        RegistryCredentials.parse(toml, "kafka", env));
  }

  private List<String> corsOrigins() {
    List<String> origins = toml.texts("http", "cors_origins", List.of());
    for (String o : origins) {
      try {
        URI u = new URI(o);
        if (!("https".equals(u.getScheme()) || "http".equals(u.getScheme())) || u.getHost() == null
            || !(u.getRawPath() == null || u.getRawPath().isEmpty()) || u.getRawQuery() != null || u.getRawUserInfo() != null) {
          toml.error("http.cors_origins: expected origins such as https://reports.example.com, got '" + o + "'");
        }
      } catch (URISyntaxException e) {
        toml.error("http.cors_origins: expected origins such as https://reports.example.com, got '" + o + "'");
      }
    }
    return origins;
  }

  /** OIDC is off unless oidc.issuer is set; then the keys' URL, the audience and the organisation are required. */
  private Optional<OidcSettings> oidc() {
    String issuer = toml.text("oidc", "issuer", "").strip();
    String jwks = toml.text("oidc", "jwks_url", "").strip();
    String audience = toml.text("oidc", "audience", "").strip();
    String org = toml.text("oidc", "org", "").strip();
    String orgClaim = toml.text("oidc", "org_claim", "").strip();
    String userClaim = claim("user_claim", "email");
    String emailClaim = claim("email_claim", "email");
    String teamsClaim = claim("teams_claim", "groups");
    String roleClaim = claim("role_claim", "tokenledger_role");
    Role defaultRole = toml.value("oidc", "default_role", "developer", Role::parse, "one of " + Role.names());
    if (issuer.isEmpty()) {
      return Optional.empty();
    }
    URI jwksUrl = null;
    if (jwks.isEmpty()) {
      toml.error("oidc.jwks_url: required when oidc.issuer is set");
    } else {
      jwksUrl = secureUrl(jwks);
    }
    if (audience.isEmpty()) {
      toml.error("oidc.audience: required when oidc.issuer is set");
    }
    if (org.isEmpty() == orgClaim.isEmpty()) {
      toml.error("oidc.org / oidc.org_claim: set exactly one (a fixed organisation, or the claim naming it)");
    }
    if (toml.hasErrors() || jwksUrl == null || defaultRole == null) {
      return Optional.empty();
    }
    return Optional.of(new OidcSettings(issuer, jwksUrl, audience, org.isEmpty() ? Optional.empty() : Optional.of(org), orgClaim,
        userClaim, emailClaim, teamsClaim, roleClaim, defaultRole));
  }

  private String claim(String key, String fallback) {
    String c = toml.text("oidc", key, fallback).strip();
    if (c.isEmpty()) {
      toml.error("oidc." + key + ": must name a claim");
      return fallback;
    }
    return c;
  }

  /** An https URL, or http on this machine (a local test identity provider). */
  private URI secureUrl(String text) {
    try {
      URI u = new URI(text);
      boolean local = "127.0.0.1".equals(u.getHost()) || "localhost".equals(u.getHost()) || "[::1]".equals(u.getHost());
      if (u.getHost() == null || !("https".equals(u.getScheme()) || "http".equals(u.getScheme()) && local)) {
        toml.error("oidc.jwks_url: must be an https:// URL (http:// only on 127.0.0.1 or localhost): " + text);
        return null;
      }
      return u;
    } catch (URISyntaxException e) {
      toml.error("oidc.jwks_url: " + e.getMessage());
      return null;
    }
  }

  private Duration boundedDuration(String section, String key, Duration fallback, Duration min, Duration max) {
    Duration d = toml.duration(section, key, fallback);
    if (d == null) {
      return fallback;
    }
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      toml.error(section + "." + key + ": expected a duration from " + text(min) + " to " + text(max) + ", got " + text(d));
      return fallback;
    }
    return d;
  }

  private static String text(Duration d) {
    return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
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
