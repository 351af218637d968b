package dev.tokenledger.processor.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.tokenledger.processor.config.ConfigException;
import dev.tokenledger.processor.config.Durations;
import dev.tokenledger.processor.sink.SinkSettings.BatchSettings;
import dev.tokenledger.processor.sink.SinkSettings.KafkaSettings;
import dev.tokenledger.processor.warehouse.ClickHouseEndpoint;
import dev.tokenledger.processor.warehouse.RetryPolicy;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Parses the {@code sink} configuration once: built-in defaults, then the TOML file, then the
 * environment ({@code TOKENLEDGER_BOOTSTRAP_SERVERS}, {@code TOKENLEDGER_REGISTRY_URL},
 * {@code TOKENLEDGER_CLICKHOUSE_URL}, {@code TOKENLEDGER_CLICKHOUSE_DATABASE},
 * {@code TOKENLEDGER_CLICKHOUSE_USER}, {@code TOKENLEDGER_CLICKHOUSE_PASSWORD}, and — shared with the
 * stream processor and the query API so all three use one calendar and one set of topics —
 * {@code TOKENLEDGER_ORG_TIME_ZONE} over {@code org.time_zone} and {@code TOKENLEDGER_TOPIC_PREFIX} over
 * {@code kafka.topic_prefix}). Every error is collected and reported together. {@code config/sink.reference.toml} lists every key.
 */
public final class SinkSettingsParser {

  public static final String ENV_BOOTSTRAP = "TOKENLEDGER_BOOTSTRAP_SERVERS";
  public static final String ENV_REGISTRY = "TOKENLEDGER_REGISTRY_URL";
  public static final String ENV_CLICKHOUSE = "TOKENLEDGER_CLICKHOUSE_URL";
  public static final String ENV_DATABASE = "TOKENLEDGER_CLICKHOUSE_DATABASE";
  public static final String ENV_USER = "TOKENLEDGER_CLICKHOUSE_USER";
  public static final String ENV_PASSWORD = "TOKENLEDGER_CLICKHOUSE_PASSWORD";
  public static final String ENV_TIME_ZONE = "TOKENLEDGER_ORG_TIME_ZONE";
  public static final String ENV_TOPIC_PREFIX = "TOKENLEDGER_TOPIC_PREFIX";

  static final Map<String, Set<String>> KEYS = Map.of(
      "kafka", Set.of("bootstrap_servers", "registry_url", "group_id", "topic_prefix", "max_poll_records", "session_timeout"),
      "clickhouse", Set.of("url", "database", "user", "password", "request_timeout"),
      "org", Set.of("time_zone"),
      "batch", Set.of("max_rows", "max_delay"),
      "retry", Set.of("initial_backoff", "max_backoff", "give_up_after"),
      "migrations", Set.of("apply_on_start"));

  private final List<String> errors = new ArrayList<>();
  private JsonNode root = MissingNode.getInstance();

  private SinkSettingsParser() {}

  public static SinkSettings parse(Optional<Path> file, Map<String, String> env) {
    SinkSettingsParser p = new SinkSettingsParser();
    file.ifPresent(p::read);
    return p.build(env);
  }

  private void read(Path file) {
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

  private SinkSettings build(Map<String, String> env) {
    String bootstrap = envOr(env, ENV_BOOTSTRAP, text("kafka", "bootstrap_servers", "127.0.0.1:19092"));
    String registry = envOr(env, ENV_REGISTRY, text("kafka", "registry_url", "http://127.0.0.1:18081/apis/ccompat/v7"));
    String group = text("kafka", "group_id", "tokenledger-sink");
    String prefixText = text("kafka", "topic_prefix", "");
    String prefix = envOr(env, ENV_TOPIC_PREFIX, prefixText);
    String prefixSource = prefix.equals(prefixText) ? "kafka.topic_prefix" : ENV_TOPIC_PREFIX;
    int maxPoll = (int) number("kafka", "max_poll_records", 10_000, 1, 1_000_000);
    Duration session = duration("kafka", "session_timeout", Duration.ofSeconds(45));
    if (!group.matches("[a-zA-Z0-9._-]+")) {
      errors.add("kafka.group_id '" + group + "' may only contain letters, digits, '.', '_' and '-'");
    }
    if (!prefix.isEmpty() && !prefix.matches("[a-zA-Z0-9._-]+")) {
      errors.add(prefixSource + " '" + prefix + "' may only contain letters, digits, '.', '_' and '-'");
    }
    String url = envOr(env, ENV_CLICKHOUSE, text("clickhouse", "url", "http://127.0.0.1:18123"));
    String database = envOr(env, ENV_DATABASE, text("clickhouse", "database", "tokenledger"));
    String user = envOr(env, ENV_USER, text("clickhouse", "user", "default"));
    String password = envOr(env, ENV_PASSWORD, text("clickhouse", "password", ""));
    Duration requestTimeout = duration("clickhouse", "request_timeout", Duration.ofSeconds(60));
    ClickHouseEndpoint endpoint = null;
    try {
      endpoint = new ClickHouseEndpoint(URI.create(url), database, user, password, requestTimeout);
    } catch (IllegalArgumentException | NullPointerException e) {
      errors.add("clickhouse: " + e.getMessage());
    }
    ZoneId zone = null;
    String zoneFile = text("org", "time_zone", "UTC");
    String zoneEnv = env.get(ENV_TIME_ZONE);
    boolean zoneFromEnv = zoneEnv != null && !zoneEnv.isBlank();
    String zoneText = zoneFromEnv ? zoneEnv.trim() : zoneFile;
    try {
      zone = ZoneId.of(zoneText);
    } catch (DateTimeException e) {
      errors.add((zoneFromEnv ? ENV_TIME_ZONE : "org.time_zone") + ": expected an IANA time zone such as Europe/Berlin, got '"
          + zoneText + "'");
    }
    int maxRows = (int) number("batch", "max_rows", 50_000, 1, 1_000_000);
    Duration maxDelay = duration("batch", "max_delay", Duration.ofSeconds(1));
    RetryPolicy retry = null;
    Duration initial = duration("retry", "initial_backoff", Duration.ofMillis(200));
    Duration max = duration("retry", "max_backoff", Duration.ofSeconds(10));
    Duration giveUp = duration("retry", "give_up_after", Duration.ofMinutes(15));
    try {
      retry = new RetryPolicy(initial, max, giveUp);
    } catch (IllegalArgumentException | NullPointerException e) {
      errors.add("retry: " + e.getMessage());
    }
    boolean migrate = bool("migrations", "apply_on_start", true);
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
    return new SinkSettings(new KafkaSettings(bootstrap, registry, group, prefix, maxPoll, session), endpoint, zone,
        new BatchSettings(maxRows, maxDelay), retry, migrate);
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
    if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < min || n.asLong() > max) {
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
    String s = text(section, key, null);
    if (s == null) {
      return fallback;
    }
    try {
      return Durations.parse(s);
    } catch (IllegalArgumentException e) {
      errors.add(section + "." + key + ": expected a duration such as 100ms, 10s, 5m, got '" + s + "'");
      return fallback;
    }
  }

  private static String envOr(Map<String, String> env, String name, String fallback) {
    String v = env.get(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
