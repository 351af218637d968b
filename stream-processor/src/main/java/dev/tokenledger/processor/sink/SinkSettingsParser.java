package dev.tokenledger.processor.sink;

import dev.tokenledger.operations.OpsSettings;
import dev.tokenledger.processor.sink.SinkSettings.BatchSettings;
import dev.tokenledger.processor.sink.SinkSettings.KafkaSettings;
import dev.tokenledger.settings.KafkaKeys;
import dev.tokenledger.settings.KafkaSecurity;
import dev.tokenledger.settings.RegistryCredentials;
import dev.tokenledger.settings.TomlSettings;
import dev.tokenledger.warehouse.clickhouse.ClickHouseEndpoint;
import dev.tokenledger.warehouse.clickhouse.RetryPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
      "kafka", KafkaKeys.with("bootstrap_servers", "registry_url", "group_id", "topic_prefix", "max_poll_records", "session_timeout"),
      "clickhouse", Set.of("url", "database", "user", "password", "request_timeout"),
      "org", Set.of("time_zone"),
      "batch", Set.of("max_rows", "max_delay"),
      "retry", Set.of("initial_backoff", "max_backoff", "give_up_after"),
      "migrations", Set.of("apply_on_start"),
      OpsSettings.KEYS.getKey(), OpsSettings.KEYS.getValue());

  private final TomlSettings toml;

  private SinkSettingsParser(TomlSettings toml) {
    this.toml = toml;
  }

  public static SinkSettings parse(Optional<Path> file, Map<String, String> env) {
    return new SinkSettingsParser(new TomlSettings(file, KEYS)).build(env);
  }

  private SinkSettings build(Map<String, String> env) {
    String bootstrap = TomlSettings.envOr(env, ENV_BOOTSTRAP, toml.text("kafka", "bootstrap_servers", "127.0.0.1:19092"));
    String registry = TomlSettings.envOr(env, ENV_REGISTRY, toml.text("kafka", "registry_url", "http://127.0.0.1:18081/apis/ccompat/v7"));
    String group = toml.text("kafka", "group_id", "tokenledger-sink");
    String prefixText = toml.text("kafka", "topic_prefix", "");
    String prefix = TomlSettings.envOr(env, ENV_TOPIC_PREFIX, prefixText);
    String prefixSource = prefix.equals(prefixText) ? "kafka.topic_prefix" : ENV_TOPIC_PREFIX;
    int maxPoll = (int) toml.number("kafka", "max_poll_records", 10_000, 1, 1_000_000);
    Duration session = toml.duration("kafka", "session_timeout", Duration.ofSeconds(45));
    if (!group.matches("[a-zA-Z0-9._-]+")) {
      toml.error("kafka.group_id '" + group + "' may only contain letters, digits, '.', '_' and '-'");
    }
    if (!prefix.isEmpty() && !prefix.matches("[a-zA-Z0-9._-]+")) {
      toml.error(prefixSource + " '" + prefix + "' may only contain letters, digits, '.', '_' and '-'");
    }
    String url = TomlSettings.envOr(env, ENV_CLICKHOUSE, toml.text("clickhouse", "url", "http://127.0.0.1:18123"));
    String database = TomlSettings.envOr(env, ENV_DATABASE, toml.text("clickhouse", "database", "tokenledger"));
    String user = TomlSettings.envOr(env, ENV_USER, toml.text("clickhouse", "user", "default"));
    String password = TomlSettings.envOr(env, ENV_PASSWORD, toml.text("clickhouse", "password", ""));
    Duration requestTimeout = toml.duration("clickhouse", "request_timeout", Duration.ofSeconds(60));
    ClickHouseEndpoint endpoint = null;
    try {
      endpoint = new ClickHouseEndpoint(URI.create(url), database, user, password, requestTimeout);
    } catch (IllegalArgumentException | NullPointerException e) {
      toml.error("clickhouse: " + e.getMessage());
    }
    ZoneId zone = null;
    String zoneFile = toml.text("org", "time_zone", "UTC");
    String zoneEnv = env.get(ENV_TIME_ZONE);
    boolean zoneFromEnv = zoneEnv != null && !zoneEnv.isBlank();
    String zoneText = zoneFromEnv ? zoneEnv.trim() : zoneFile;
    try {
      zone = ZoneId.of(zoneText);
    } catch (DateTimeException e) {
      toml.error((zoneFromEnv ? ENV_TIME_ZONE : "org.time_zone") + ": expected an IANA time zone such as Europe/Berlin, got '"
          + zoneText + "'");
    }
    int maxRows = (int) toml.number("batch", "max_rows", 50_000, 1, 1_000_000);
    Duration maxDelay = toml.duration("batch", "max_delay", Duration.ofSeconds(1));
    RetryPolicy retry = null;
    Duration initial = toml.duration("retry", "initial_backoff", Duration.ofMillis(200));
    Duration max = toml.duration("retry", "max_backoff", Duration.ofSeconds(10));
    Duration giveUp = toml.duration("retry", "give_up_after", Duration.ofMinutes(15));
    try {
      retry = new RetryPolicy(initial, max, giveUp);
    } catch (IllegalArgumentException | NullPointerException e) {
      toml.error("retry: " + e.getMessage());
    }
    boolean migrate = toml.bool("migrations", "apply_on_start", true);
    OpsSettings ops = OpsSettings.parse(toml, env);
    KafkaSecurity security = KafkaSecurity.parse(toml, "kafka", env);
    RegistryCredentials registryCredentials = RegistryCredentials.parse(toml, "kafka", env);
    toml.throwIfErrors();
    return new SinkSettings(new KafkaSettings(bootstrap, registry, group, prefix, maxPoll, session, security,
        registryCredentials), endpoint, zone,
        new BatchSettings(maxRows, maxDelay), retry, migrate, ops);
  }
}
