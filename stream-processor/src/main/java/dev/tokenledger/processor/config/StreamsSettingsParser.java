package dev.tokenledger.processor.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.tokenledger.processor.config.StreamsSettings.KafkaSettings;
import dev.tokenledger.processor.config.StreamsSettings.PricingSettings;
import dev.tokenledger.processor.streams.TopologySettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

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
      "kafka", Set.of("bootstrap_servers", "registry_url", "application_id", "state_dir", "topic_prefix", "partitions",
          "replication_factor", "commit_interval", "cache_max_bytes", "threads"),
      "org", Set.of("time_zone"),
      "dedup", Set.of("retention"),
      "rollups", Set.of("grace", "emit_interval"),
      "events", Set.of("max_future_skew"),
      "pricing", Set.of("litellm_effective_from", "overrides_file", "publish_on_start", "reprice_interval"));

  private final List<String> errors = new ArrayList<>();
  private JsonNode root = MissingNode.getInstance();
  private Path baseDir = Path.of(".");

  private StreamsSettingsParser() {}

  /** Parses {@code file} (optional) with {@code env} overrides; throws {@link ConfigException} listing every error. */
  public static StreamsSettings parse(Optional<Path> file, Map<String, String> env) {
    StreamsSettingsParser p = new StreamsSettingsParser();
    file.ifPresent(p::read);
    return p.build(env);
  }

  private void read(Path file) {
    baseDir = file.toAbsolutePath().getParent();
    try {
      root = new TomlMapper().readTree(Files.readString(file));
    } catch (IOException e) {
      errors.add("cannot read " + file + ": " + e.getMessage());
      return;
    }
    Iterator<Map.Entry<String, JsonNode>> sections = root.fields();
    while (sections.hasNext()) {
      Map.Entry<String, JsonNode> s = sections.next();
      Set<String> known = KEYS.get(s.getKey());
      if (known == null || !s.getValue().isObject()) {
        errors.add("unknown section [" + s.getKey() + "] (known: " + new TreeSet<>(KEYS.keySet()) + ")");
        continue;
      }
      s.getValue().fieldNames().forEachRemaining(k -> {
        if (!known.contains(k)) {
          errors.add("unknown key " + s.getKey() + "." + k + " (known: " + new TreeSet<>(known) + ")");
        }
      });
    }
  }

  private StreamsSettings build(Map<String, String> env) {
    String bootstrap = envOr(env, ENV_BOOTSTRAP, text("kafka", "bootstrap_servers", "127.0.0.1:19092"));
    String registry = envOr(env, ENV_REGISTRY, text("kafka", "registry_url", "http://127.0.0.1:18081/apis/ccompat/v7"));
    String appId = text("kafka", "application_id", "tokenledger-streams");
    Path stateDir = path(envOr(env, ENV_STATE_DIR, text("kafka", "state_dir", defaultStateDir(env))));
    String prefix = envOr(env, ENV_TOPIC_PREFIX, text("kafka", "topic_prefix", ""));
    int partitions = (int) number("kafka", "partitions", 6, 1, 10_000);
    short replication = (short) number("kafka", "replication_factor", 1, 1, 32);
    Duration commit = duration("kafka", "commit_interval", Duration.ofMillis(100));
    long cache = number("kafka", "cache_max_bytes", 128L * 1024 * 1024, 0, Long.MAX_VALUE);
    int threads = (int) number("kafka", "threads", 1, 1, 64);
    if (!appId.matches("[a-zA-Z0-9._-]+")) {
      errors.add("kafka.application_id '" + appId + "' may only contain letters, digits, '.', '_' and '-'");
    }
    if (!prefix.isEmpty() && !prefix.matches("[a-zA-Z0-9._-]+")) {
      errors.add("kafka.topic_prefix '" + prefix + "' may only contain letters, digits, '.', '_' and '-'");
    }
    ZoneId zone = env.containsKey(ENV_TIME_ZONE) && !env.get(ENV_TIME_ZONE).isBlank()
        ? envZone(env.get(ENV_TIME_ZONE).trim())
        : value("org", "time_zone", "UTC", ZoneId::of, "an IANA time zone such as Europe/Berlin");
    Duration retention = duration("dedup", "retention", TopologySettings.DEFAULT_DEDUP_RETENTION);
    if (retention != null && retention.compareTo(Duration.ofDays(1)) < 0) {
      errors.add("dedup.retention must be at least 1d (default 35d), got " + retention);
    }
    Duration grace = duration("rollups", "grace", TopologySettings.DEFAULT_GRACE);
    Duration emit = duration("rollups", "emit_interval", TopologySettings.DEFAULT_ROLLUP_EMIT_INTERVAL);
    Duration skew = duration("events", "max_future_skew", TopologySettings.DEFAULT_MAX_FUTURE_SKEW);
    Duration reprice = duration("pricing", "reprice_interval", TopologySettings.DEFAULT_REPRICE_INTERVAL);
    Instant litellmFrom = value("pricing", "litellm_effective_from", "1970-01-01T00:00:00Z", Instant::parse,
        "an ISO instant such as 2026-11-01T00:00:00Z");
    String overrides = text("pricing", "overrides_file", "");
    Optional<Path> overridesFile = overrides.isBlank() ? Optional.empty() : Optional.of(path(overrides));
    overridesFile.ifPresent(f -> {
      if (!Files.isReadable(f)) {
        errors.add("pricing.overrides_file " + f + " is not a readable file");
      }
    });
    boolean publish = bool("pricing", "publish_on_start", true);
    TopologySettings topology = null;
    if (errors.isEmpty()) {
      try {
        topology = new TopologySettings(zone, retention, grace, emit, reprice, skew);
      } catch (IllegalArgumentException e) {
        errors.add(e.getMessage());
      }
    }
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    return new StreamsSettings(
        new KafkaSettings(bootstrap, registry, appId, stateDir, prefix, partitions, replication, commit, cache, threads),
        topology, new PricingSettings(litellmFrom, overridesFile, publish));
  }

  private JsonNode node(String section, String key) {
    return root.path(section).path(key);
  }

  private String text(String section, String key, String fallback) {
    JsonNode n = node(section, key);
    if (n.isMissingNode()) {
      return fallback;
    }
    if (!n.isTextual()) {
      errors.add(section + "." + key + ": expected a string, got " + n);
      return fallback;
    }
    return n.asText();
  }

  private long number(String section, String key, long fallback, long min, long max) {
    JsonNode n = node(section, key);
    if (n.isMissingNode()) {
      return fallback;
    }
    if (!n.canConvertToLong() || !n.isIntegralNumber() || n.asLong() < min || n.asLong() > max) {
      errors.add(section + "." + key + ": expected an integer in [" + min + ", " + max + "], got " + n);
      return fallback;
    }
    return n.asLong();
  }

  private boolean bool(String section, String key, boolean fallback) {
    JsonNode n = node(section, key);
    if (n.isMissingNode()) {
      return fallback;
    }
    if (!n.isBoolean()) {
      errors.add(section + "." + key + ": expected true or false, got " + n);
      return fallback;
    }
    return n.asBoolean();
  }

  private Duration duration(String section, String key, Duration fallback) {
    return value(section, key, null, Durations::parse, "a duration such as 100ms, 10s, 24h or 35d", fallback);
  }

  private <T> T value(String section, String key, String fallbackText, Function<String, T> parse, String expected) {
    return value(section, key, fallbackText, parse, expected, null);
  }

  private <T> T value(String section, String key, String fallbackText, Function<String, T> parse, String expected, T fallback) {
    String s = text(section, key, fallbackText);
    if (s == null) {
      return fallback;
    }
    try {
      return parse.apply(s);
    } catch (IllegalArgumentException | DateTimeException e) {
      errors.add(section + "." + key + ": expected " + expected + ", got '" + s + "'");
      return fallback;
    }
  }

  private Path path(String s) {
    if (s.equals("~") || s.startsWith("~/")) {
      s = System.getProperty("user.home") + s.substring(1);
    }
    Path p = Path.of(s);
    return p.isAbsolute() ? p : baseDir.resolve(p).normalize();
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
      errors.add(ENV_TIME_ZONE + " '" + text + "' is not an IANA time zone such as Europe/Berlin");
      return ZoneId.of("UTC");
    }
  }

  private static String envOr(Map<String, String> env, String name, String fallback) {
    String v = env.get(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
