package dev.tokenledger.alerts.config;

import dev.tokenledger.alerts.config.AlertsSettings.KafkaSettings;
import dev.tokenledger.alerts.config.AlertsSettings.TopicSettings;
import dev.tokenledger.operations.OpsSettings;
import dev.tokenledger.schemas.Topics;
import dev.tokenledger.settings.KafkaKeys;
import dev.tokenledger.settings.KafkaSecurity;
import dev.tokenledger.settings.RegistryCredentials;
import dev.tokenledger.settings.TomlSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parses the {@code alerts} configuration once: built-in defaults, then the TOML file, then the
 * environment ({@code TOKENLEDGER_BOOTSTRAP_SERVERS}, {@code TOKENLEDGER_REGISTRY_URL},
 * {@code TOKENLEDGER_TOPIC_PREFIX}, the variables channels name in {@code url_env} / {@code secret_env}, and
 * the one {@code warehouse.password_env} names).
 * Every error is collected and reported together; no error message repeats a URL or a secret.
 * {@code config/alerts.reference.toml} lists every key.
 */
public final class AlertsSettingsParser {

  public static final String ENV_BOOTSTRAP = "TOKENLEDGER_BOOTSTRAP_SERVERS";
  public static final String ENV_REGISTRY = "TOKENLEDGER_REGISTRY_URL";
  public static final String ENV_TOPIC_PREFIX = "TOKENLEDGER_TOPIC_PREFIX";

  static final Map<String, Set<String>> KEYS = Map.ofEntries(OpsSettings.KEYS,
      Map.entry("kafka", KafkaKeys.with("bootstrap_servers", "registry_url", "group_id", "transactional_id", "topic_prefix",
          "session_timeout", "transaction_timeout")),
      Map.entry("topics", Set.of("deliveries", "dead_letter", "partitions", "replication_factor", "ledger_keep")),
      Map.entry("delivery", Set.of("max_attempts", "initial_backoff", "max_backoff", "jitter_percent", "give_up_after",
          "connect_timeout", "request_timeout", "max_pending_breaches", "max_retry_after")),
      Map.entry("channel", Set.of("name", "type", "url", "url_env", "secret", "secret_env", "rate_per_minute", "burst", "concurrency")),
      Map.entry("warehouse", Set.of("url", "database", "user", "password", "password_env", "timeout")),
      Map.entry("variances", Set.of("enabled", "channels")),
      Map.entry("digest", Set.of("at", "time_zone", "api_url", "api_token", "api_token_env", "channels")));

  private static final String NAME = "[a-zA-Z0-9._-]+";

  private final TomlSettings toml;

  private AlertsSettingsParser(TomlSettings toml) {
    this.toml = toml;
  }

  public static AlertsSettings parse(Optional<Path> file, Map<String, String> env) {
    return new AlertsSettingsParser(new TomlSettings(file, KEYS)).build(env);
  }

  private AlertsSettings build(Map<String, String> env) {
    String bootstrap = TomlSettings.envOr(env, ENV_BOOTSTRAP, toml.text("kafka", "bootstrap_servers", "127.0.0.1:19092"));
    String registry = TomlSettings.envOr(env, ENV_REGISTRY,
        toml.text("kafka", "registry_url", "http://127.0.0.1:18081/apis/ccompat/v7"));
    String group = toml.text("kafka", "group_id", "tokenledger-alerts");
    String transactionalId = toml.text("kafka", "transactional_id", group + "-" + hostName());
    String prefix = TomlSettings.envOr(env, ENV_TOPIC_PREFIX, toml.text("kafka", "topic_prefix", ""));
    Duration session = toml.duration("kafka", "session_timeout", Duration.ofSeconds(45));
    Duration txTimeout = toml.duration("kafka", "transaction_timeout", Duration.ofSeconds(60));
    for (var e : Map.of("kafka.group_id", group, "kafka.transactional_id", transactionalId).entrySet()) {
      if (!e.getValue().matches(NAME)) {
        toml.error(e.getKey() + " '" + e.getValue() + "' may only contain letters, digits, '.', '_' and '-'");
      }
    }
    if (!prefix.isEmpty() && !prefix.matches(NAME)) {
      toml.error("topic prefix '" + prefix + "' may only contain letters, digits, '.', '_' and '-'");
    }

    String deliveries = prefix + toml.text("topics", "deliveries", "alert.deliveries.v1");
    String deadLetter = prefix + toml.text("topics", "dead_letter", "alert.deadletter.v1");
    int partitions = (int) toml.number("topics", "partitions", 3, 1, 10_000);
    short replication = (short) toml.number("topics", "replication_factor", 1, 1, 32);
    Duration ledgerKeep = toml.duration("topics", "ledger_keep", Duration.ofDays(120));
    if (ledgerKeep.isNegative() || (!ledgerKeep.isZero() && ledgerKeep.compareTo(Duration.ofDays(1)) < 0)) {
      toml.error("topics.ledger_keep: 0s (forever) or at least 1d, got " + ledgerKeep);
    }
    for (String t : List.of(deliveries, deadLetter)) {
      if (!t.matches("[a-zA-Z0-9._-]{1,249}")) {
        toml.error("topics: invalid Kafka topic name '" + t + "'");
      }
    }
    String breaches = prefix.isEmpty() || prefix.matches(NAME) ? Topics.withPrefix(prefix).breaches() : "invalid";

    DeliverySettings delivery = new DeliverySettings(
        (int) toml.number("delivery", "max_attempts", 8, 1, 1_000),
        toml.duration("delivery", "initial_backoff", Duration.ofSeconds(1)),
        toml.duration("delivery", "max_backoff", Duration.ofMinutes(1)),
        (int) toml.number("delivery", "jitter_percent", 50, 0, 99),
        toml.duration("delivery", "give_up_after", Duration.ofMinutes(10)),
        toml.duration("delivery", "connect_timeout", Duration.ofSeconds(5)),
        toml.duration("delivery", "request_timeout", Duration.ofSeconds(10)),
        (int) toml.number("delivery", "max_pending_breaches", 1_000, 1, 1_000_000),
        toml.duration("delivery", "max_retry_after", Duration.ofMinutes(5)));
    try {
      delivery.retryPolicy();
    } catch (IllegalArgumentException e) {
      toml.error("delivery: " + e.getMessage());
    }
    for (Duration d : List.of(delivery.connectTimeout(), delivery.requestTimeout())) {
      if (d.isZero() || d.isNegative()) {
        toml.error("delivery: connect_timeout and request_timeout must be positive");
      }
    }
    if (delivery.maxRetryAfter().isNegative() || delivery.maxRetryAfter().compareTo(Duration.ofHours(1)) > 0) {
      toml.error("delivery: max_retry_after must be between 0s and 1h, got " + delivery.maxRetryAfter());
    }

    List<ChannelSettings> channels = channels(env);
    Optional<WarehouseSettings> warehouse = warehouse(env);
    Optional<DigestSettings> digest = digest(env, channels);
    VarianceSettings variances = variances(prefix.isEmpty() || prefix.matches(NAME) ? prefix : "", channels);
    OpsSettings ops = OpsSettings.parse(toml, env);
    KafkaSecurity security = KafkaSecurity.parse(toml, "kafka", env);
    RegistryCredentials registryCredentials = RegistryCredentials.parse(toml, "kafka", env);
    toml.throwIfErrors();
    return new AlertsSettings(new KafkaSettings(bootstrap, registry, group, transactionalId, session, txTimeout, security,
        registryCredentials),
        new TopicSettings(breaches, deliveries, deadLetter, partitions, replication, ledgerKeep), delivery, channels, warehouse,
        digest, ops, variances);
  }

  /** {@code [variances]}: on by default; its channels must be configured ones. */
  private VarianceSettings variances(String prefix, List<ChannelSettings> channels) {
    boolean enabled = toml.bool("variances", "enabled", true);
    List<String> names = toml.texts("variances", "channels", List.of());
    Set<String> known = new java.util.HashSet<>();
    channels.forEach(c -> known.add(c.name()));
    for (String n : names) {
      if (!known.contains(n)) {
        toml.error("variances.channels: '" + n + "' is not a configured channel");
      }
    }
    return new VarianceSettings(enabled, Topics.withPrefix(prefix).variances(), names);
  }

  /** {@code [warehouse]}: every key is checked; off (empty) when {@code url} is empty or missing. */
  private Optional<WarehouseSettings> warehouse(Map<String, String> env) {
    String s = "warehouse";
    String urlText = toml.text(s, "url", "").trim();
    String database = toml.text(s, "database", "tokenledger");
    String user = toml.text(s, "user", "default");
    Duration timeout = toml.duration(s, "timeout", Duration.ofSeconds(5));
    Optional<String> password = secretText(env, s, s, "password", "password_env");
    if (!database.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      toml.error("warehouse.database '" + database + "' must match [A-Za-z_][A-Za-z0-9_]*");
    }
    if (user.isBlank()) {
      toml.error("warehouse.user: must not be empty");
    }
    if (timeout.compareTo(Duration.ofMillis(100)) < 0 || timeout.compareTo(Duration.ofSeconds(30)) > 0) {
      toml.error("warehouse.timeout: from 100ms to 30s");
    }
    if (urlText.isEmpty()) {
      return Optional.empty();
    }
    SecretUrl url;
    try {
      url = SecretUrl.parse(urlText);
    } catch (IllegalArgumentException e) {
      toml.error("warehouse.url " + e.getMessage());    // never the URL itself
      return Optional.empty();
    }
    Optional<Secret> secret = password.filter(t -> !t.isEmpty())
        .map(t -> new Secret(t, toml.has(s, "password_env") ? "password_env " + toml.text(s, "password_env", "") : "password"));
    return Optional.of(new WarehouseSettings(url, database, user, secret, timeout));
  }

  /** {@code [digest]}: off unless {@code at} is set; then the API address and a token are required. */
  private Optional<DigestSettings> digest(Map<String, String> env, List<ChannelSettings> channels) {
    String s = "digest";
    String atText = toml.text(s, "at", "").trim();
    String zoneText = toml.text(s, "time_zone", "UTC");
    List<String> names = toml.texts(s, "channels", List.of());
    if (atText.isEmpty()) {
      return Optional.empty();
    }
    LocalTime at = null;
    try {
      at = LocalTime.parse(atText);
    } catch (DateTimeParseException e) {
      toml.error("digest.at: a time of day such as \"09:00\", got '" + atText + "'");
    }
    ZoneId zone = null;
    try {
      zone = ZoneId.of(zoneText);
    } catch (DateTimeException e) {
      toml.error("digest.time_zone: an IANA zone such as \"Europe/Berlin\", got '" + zoneText + "'");
    }
    Set<String> known = new HashSet<>();
    channels.forEach(c -> known.add(c.name()));
    for (String n : names) {
      if (!known.contains(n)) {
        toml.error("digest.channels: '" + n + "' is not a configured channel");
      }
    }
    String urlText = toml.text(s, "api_url", "").trim();
    SecretUrl url = null;
    if (urlText.isEmpty()) {
      toml.error("digest.api_url: required with digest.at (the organisation API, e.g. \"http://127.0.0.1:18090\")");
    } else {
      try {
        url = SecretUrl.parse(urlText);
      } catch (IllegalArgumentException e) {
        toml.error("digest.api_url " + e.getMessage());
      }
    }
    Optional<String> token = secretText(env, s, s, "api_token", "api_token_env");
    if (token.isEmpty() && !toml.has(s, "api_token") && !toml.has(s, "api_token_env")) {
      toml.error("digest: set api_token_env (or api_token) to a finance or admin API token");
    }
    if (at == null || zone == null || url == null || token.isEmpty() || token.get().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new DigestSettings(at, zone, url, new Secret(token.get(),
        toml.has(s, "api_token_env") ? "api_token_env " + toml.text(s, "api_token_env", "") : "api_token"), names));
  }

  private List<ChannelSettings> channels(Map<String, String> env) {
    List<ChannelSettings> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < toml.tables("channel"); i++) {
      String s = "channel[" + i + "]";
      String name = toml.text(s, "name", null);
      String where = name == null ? s : s + " (" + name + ")";
      if (name == null || !name.matches(NAME)) {
        toml.error(s + ".name: required, letters, digits, '.', '_' and '-' only");
      } else if (!names.add(name)) {
        toml.error(where + ": the name is used by another channel");
      }
      ChannelType type = toml.value(s, "type", null, ChannelType::parse, "\"webhook\" or \"slack\"");
      if (type == null && !toml.has(s, "type")) {
        toml.error(where + ".type: required, \"webhook\" or \"slack\"");
      }
      Optional<String> urlText = secretText(env, s, where, "url", "url_env");
      SecretUrl url = null;
      if (urlText.isEmpty()) {
        if (!toml.has(s, "url") && !toml.has(s, "url_env")) {
          toml.error(where + ": set url or url_env");
        }
      } else {
        try {
          url = SecretUrl.parse(urlText.get());
        } catch (IllegalArgumentException e) {
          toml.error(where + ".url " + e.getMessage());    // never the URL itself
        }
      }
      Optional<String> secretText = secretText(env, s, where, "secret", "secret_env");
      if (type == ChannelType.SLACK && secretText.isPresent()) {
        toml.error(where + ": a Slack channel has no secret (its URL is the credential)");
      }
      Optional<Secret> secret = secretText.filter(t -> !t.isEmpty())
          .map(t -> new Secret(t, toml.has(s, "secret_env") ? "secret_env " + toml.text(s, "secret_env", "") : "secret"));
      int rate = (int) toml.number(s, "rate_per_minute", type == ChannelType.SLACK ? 20 : 60, 1, 100_000);
      int burst = (int) toml.number(s, "burst", 5, 1, 100_000);
      int concurrency = (int) toml.number(s, "concurrency", type == ChannelType.SLACK ? 1 : 4, 1, 32);
      if (name != null && type != null && url != null) {
        out.add(new ChannelSettings(name, type, url, secret, rate, burst, concurrency));
      }
    }
    return out;
  }

  /** The value of {@code key}, or of the environment variable {@code envKey} names; both set is an error. */
  private Optional<String> secretText(Map<String, String> env, String s, String where, String key, String envKey) {
    String direct = toml.text(s, key, null);
    String variable = toml.text(s, envKey, null);
    if (direct != null && variable != null) {
      toml.error(where + ": set " + key + " or " + envKey + ", not both");
      return Optional.empty();
    }
    if (variable != null) {
      String v = env.get(variable);
      if (v == null || v.isBlank()) {
        toml.error(where + "." + envKey + ": the environment variable " + variable + " is not set");
        return Optional.empty();
      }
      return Optional.of(v.trim());
    }
    return Optional.ofNullable(direct);
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName().replaceAll("[^a-zA-Z0-9._-]", "-");
    } catch (UnknownHostException e) {
      return "local";
    }
  }
}
