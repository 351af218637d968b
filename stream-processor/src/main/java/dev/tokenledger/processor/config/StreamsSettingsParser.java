package dev.tokenledger.processor.config;

import dev.tokenledger.operations.OpsSettings;
import dev.tokenledger.processor.config.StreamsSettings.KafkaSettings;
import dev.tokenledger.processor.config.StreamsSettings.PricingSettings;
import dev.tokenledger.settings.ConfigException;
import dev.tokenledger.settings.KafkaKeys;
import dev.tokenledger.settings.KafkaSecurity;
import dev.tokenledger.settings.RegistryCredentials;
import dev.tokenledger.settings.TomlSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parses the {@code streams} configuration once: built-in defaults, then the TOML file, then the
 * environment ({@code TOKENLEDGER_BOOTSTRAP_SERVERS}, {@code TOKENLEDGER_REGISTRY_URL},
 * {@code TOKENLEDGER_ORG_TIME_ZONE}, {@code TOKENLEDGER_TOPIC_PREFIX}, {@code TOKENLEDGER_STREAMS_STATE_DIR}). Unknown keys,
 * wrong types and invalid values are all collected and reported together in one
 * {@link ConfigException}. The reference file {@code config/streams.reference.toml} lists every key.
 */
public final class StreamsSettingsParser {

  public static final String ENV_BOOTSTRAP = "TOKENLEDGER_BOOTSTRAP_SERVERS";
  public static final String ENV_REGISTRY = "TOKENLEDGER_REGISTRY_URL";
  /** The organisation time zone, shared by every role (stream processor, sink, query API). */
  public static final String ENV_TIME_ZONE = "TOKENLEDGER_ORG_TIME_ZONE";
  public static final String ENV_TOPIC_PREFIX = "TOKENLEDGER_TOPIC_PREFIX";
  public static final String ENV_STATE_DIR = "TOKENLEDGER_STREAMS_STATE_DIR";

  private static final Map<String, Set<String>> KEYS = Map.of(
      "kafka", KafkaKeys.with("bootstrap_servers", "registry_url", "application_id", "state_dir", "topic_prefix", "partitions",
          "replication_factor", "commit_interval", "cache_max_bytes", "threads", "standby_replicas"),
      "org", Set.of("time_zone"),
      "dedup", Set.of("retention"),
      "rollups", Set.of("grace", "emit_interval"),
      "events", Set.of("max_future_skew", "parked_max_age"),
      "budgets", Set.of("forecast", "forecast_min_elapsed", "evaluate_every"),
      "pricing", Set.of("litellm_effective_from", "overrides_file", "publish_on_start", "reprice_interval"),
      OpsSettings.KEYS.getKey(), OpsSettings.KEYS.getValue());

  private final TomlSettings toml;

  private StreamsSettingsParser(TomlSettings toml) {
    this.toml = toml;
  }

  /** Parses {@code file} (optional) with {@code env} overrides; throws {@link ConfigException} listing every error. */
  public static StreamsSettings parse(Optional<Path> file, Map<String, String> env) {
    return new StreamsSettingsParser(new TomlSettings(file, KEYS)).build(env);
  }

  private StreamsSettings build(Map<String, String> env) {
    String bootstrap = TomlSettings.envOr(env, ENV_BOOTSTRAP, toml.text("kafka", "bootstrap_servers", "127.0.0.1:19092"));
    String registry = TomlSettings.envOr(env, ENV_REGISTRY, toml.text("kafka", "registry_url", "http://127.0.0.1:18081/apis/ccompat/v7"));
    String appId = toml.text("kafka", "application_id", "tokenledger-streams");
    Path stateDir = path(TomlSettings.envOr(env, ENV_STATE_DIR, toml.text("kafka", "state_dir", defaultStateDir(env))));
    String prefix = TomlSettings.envOr(env, ENV_TOPIC_PREFIX, toml.text("kafka", "topic_prefix", ""));
    int partitions = (int) toml.number("kafka", "partitions", 6, 1, 10_000);
    short replication = (short) toml.number("kafka", "replication_factor", 1, 1, 32);
    Duration commit = toml.duration("kafka", "commit_interval", Duration.ofMillis(100));
    long cache = toml.number("kafka", "cache_max_bytes", 128L * 1024 * 1024, 0, Long.MAX_VALUE);
    int threads = (int) toml.number("kafka", "threads", 1, 1, 64);
    int standbys = (int) toml.number("kafka", "standby_replicas", 0, 0, 8);
    if (!appId.matches("[a-zA-Z0-9._-]+")) {
      toml.error("kafka.application_id '" + appId + "' may only contain letters, digits, '.', '_' and '-'");
    }
    if (!prefix.isEmpty() && !prefix.matches("[a-zA-Z0-9._-]+")) {
      toml.error("kafka.topic_prefix '" + prefix + "' may only contain letters, digits, '.', '_' and '-'");
    }
    ZoneId zone = env.containsKey(ENV_TIME_ZONE) && !env.get(ENV_TIME_ZONE).isBlank()
        ? envZone(env.get(ENV_TIME_ZONE).trim())
        : toml.value("org", "time_zone", "UTC", ZoneId::of, "an IANA time zone such as Europe/Berlin");
    Duration retention = toml.duration("dedup", "retention", TopologySettings.DEFAULT_DEDUP_RETENTION);
    Duration grace = toml.duration("rollups", "grace", TopologySettings.DEFAULT_GRACE);
    Duration emit = toml.duration("rollups", "emit_interval", TopologySettings.DEFAULT_ROLLUP_EMIT_INTERVAL);
    Duration skew = toml.duration("events", "max_future_skew", TopologySettings.DEFAULT_MAX_FUTURE_SKEW);
    Duration parkedMaxAge = toml.duration("events", "parked_max_age", TopologySettings.DEFAULT_PARKED_MAX_AGE);
    Duration reprice = toml.duration("pricing", "reprice_interval", TopologySettings.DEFAULT_REPRICE_INTERVAL);
    Instant litellmFrom = toml.value("pricing", "litellm_effective_from", "1970-01-01T00:00:00Z", Instant::parse,
        "an ISO instant such as 2026-11-01T00:00:00Z");
    String overrides = toml.text("pricing", "overrides_file", "");
    Optional<Path> overridesFile = overrides.isBlank() ? Optional.empty() : Optional.of(path(overrides));
    overridesFile.ifPresent(f -> {
      if (!Files.isReadable(f)) {
        toml.error("pricing.overrides_file " + f + " is not a readable file");
      }
    });
    boolean publish = toml.bool("pricing", "publish_on_start", true);
    boolean forecast = toml.bool("budgets", "forecast", true);
    Duration forecastMinElapsed = toml.duration("budgets", "forecast_min_elapsed", BudgetEvaluation.DEFAULT_FORECAST_MIN_ELAPSED);
    Duration evaluateEvery = toml.duration("budgets", "evaluate_every", BudgetEvaluation.DEFAULT_EVALUATE_EVERY);
    BudgetEvaluation budgets = null;
    if (forecastMinElapsed != null && evaluateEvery != null) {
      try {
        budgets = new BudgetEvaluation(forecast, forecastMinElapsed, evaluateEvery);
      } catch (IllegalArgumentException e) {
        toml.error(e.getMessage());
      }
    }
    if (retention != null) {
      Duration min = TopologySettings.minDedupRetention(grace != null ? grace : TopologySettings.DEFAULT_GRACE,
          skew != null ? skew : TopologySettings.DEFAULT_MAX_FUTURE_SKEW);
      if (retention.compareTo(min) < 0) {
        toml.error("dedup.retention " + retention + " is shorter than 31d + rollups.grace + events.max_future_skew = " + min
            + ": a copy re-sent while its month is still open would be counted twice");
      }
    }
    TopologySettings topology = null;
    if (!toml.hasErrors()) {
      try {
        topology = new TopologySettings(zone, retention, grace, emit, reprice, skew, parkedMaxAge, budgets);
      } catch (IllegalArgumentException e) {
        toml.error(e.getMessage());
      }
    }
    OpsSettings ops = OpsSettings.parse(toml, env);
    KafkaSecurity security = KafkaSecurity.parse(toml, "kafka", env);
    RegistryCredentials registryCredentials = RegistryCredentials.parse(toml, "kafka", env);
    toml.throwIfErrors();
    return new StreamsSettings(
        new KafkaSettings(bootstrap, registry, appId, stateDir, prefix, partitions, replication, commit, cache, threads,
            standbys, security, registryCredentials),
        topology, new PricingSettings(litellmFrom, overridesFile, publish), ops);
  }

  private Path path(String s) {
    if (s.equals("~") || s.startsWith("~/")) {
      s = System.getProperty("user.home") + s.substring(1);
    }
    Path p = Path.of(s);
    return p.isAbsolute() ? p : toml.baseDir().resolve(p).normalize();
  }

  /** Local disk that temp cleaners leave alone: $XDG_STATE_HOME/tokenledger/streams, else ~/.local/state/…. */
  private static String defaultStateDir(Map<String, String> env) {
    String xdg = env.get("XDG_STATE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "state");
    return base.resolve("tokenledger").resolve("streams").toString();
  }

  private ZoneId envZone(String text) {
    try {
      return ZoneId.of(text);
    } catch (DateTimeException e) {
      toml.error(ENV_TIME_ZONE + " '" + text + "' is not an IANA time zone such as Europe/Berlin");
      return ZoneId.of("UTC");
    }
  }
}
