package dev.tokenledger.reconciliation.config;

import dev.tokenledger.reconciliation.LedgerScope;
import dev.tokenledger.reconciliation.ModelMap;
import dev.tokenledger.reconciliation.Provider;
import dev.tokenledger.reconciliation.anthropic.AnthropicReports;
import dev.tokenledger.reconciliation.openai.OpenAiReports;
import dev.tokenledger.retry.RetryPolicy;
import dev.tokenledger.settings.KafkaKeys;
import dev.tokenledger.settings.KafkaSecurity;
import dev.tokenledger.settings.RegistryCredentials;
import dev.tokenledger.settings.TomlSettings;
import dev.tokenledger.warehouse.clickhouse.ClickHouseEndpoint;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads {@code reconcile.toml} (reference: {@code config/reconcile.reference.toml}) once, every error
 * reported together. Environment variables win over the file:
 *
 * <pre>
 * key                          environment                        default
 * reconcile.org_id             TOKENLEDGER_ORG_ID                 (required)
 * reconcile.alert_share        -                                  0.05 (5 %)
 * reconcile.alert_channels     -                                  [] (the dispatcher's [variances] channels)
 * kafka.bootstrap_servers      TOKENLEDGER_BOOTSTRAP_SERVERS      127.0.0.1:19092 (only --alert uses [kafka])
 * kafka.registry_url           TOKENLEDGER_REGISTRY_URL           http://127.0.0.1:18081/apis/ccompat/v7
 * kafka.topic_prefix           TOKENLEDGER_TOPIC_PREFIX           ""
 * clickhouse.url               TOKENLEDGER_CLICKHOUSE_URL         http://127.0.0.1:18123
 * clickhouse.database          TOKENLEDGER_CLICKHOUSE_DATABASE    tokenledger
 * clickhouse.user              TOKENLEDGER_CLICKHOUSE_USER        default
 * clickhouse.password          TOKENLEDGER_CLICKHOUSE_PASSWORD    (none)
 * anthropic.admin_key          ANTHROPIC_ADMIN_KEY, or the file   (none: only --files imports)
 *                              anthropic.admin_key_file names
 * openai.admin_key             OPENAI_ADMIN_KEY, or the file      (none: only --files imports)
 *                              openai.admin_key_file names
 * </pre>
 * An admin key is never written in the file itself (the key {@code admin_key} does not exist): a
 * configuration file is shared more widely than a secret should be.
 */
public final class ReconcileSettingsParser {

  public static final String ENV_ORG_ID = "TOKENLEDGER_ORG_ID";
  public static final String ENV_CLICKHOUSE_URL = "TOKENLEDGER_CLICKHOUSE_URL";
  public static final String ENV_CLICKHOUSE_DATABASE = "TOKENLEDGER_CLICKHOUSE_DATABASE";
  public static final String ENV_CLICKHOUSE_USER = "TOKENLEDGER_CLICKHOUSE_USER";
  public static final String ENV_CLICKHOUSE_PASSWORD = "TOKENLEDGER_CLICKHOUSE_PASSWORD";
  public static final String ENV_BOOTSTRAP = "TOKENLEDGER_BOOTSTRAP_SERVERS";
  public static final String ENV_REGISTRY = "TOKENLEDGER_REGISTRY_URL";
  public static final String ENV_TOPIC_PREFIX = "TOKENLEDGER_TOPIC_PREFIX";
  public static final String ENV_ANTHROPIC_KEY = "ANTHROPIC_ADMIN_KEY";
  public static final String ENV_OPENAI_KEY = "OPENAI_ADMIN_KEY";

  private static final Set<String> PROVIDER_KEYS = Set.of("base_url", "admin_key_file", "timeout", "ledger_sources",
      "excluded_emails", "subject_sources", "model_map");

  static final Map<String, Set<String>> KEYS = Map.of(
      "reconcile", Set.of("org_id", "alert_share", "alert_channels"),
      "kafka", KafkaKeys.with("bootstrap_servers", "registry_url", "topic_prefix"),
      "clickhouse", Set.of("url", "database", "user", "password", "timeout"),
      "anthropic", PROVIDER_KEYS,
      "openai", PROVIDER_KEYS,
      "retry", Set.of("initial_delay", "max_delay", "max_attempts"));

  private ReconcileSettingsParser() {}

  public static ReconcileSettings parse(Optional<Path> file, Map<String, String> env) {
    TomlSettings toml = new TomlSettings(file, KEYS);
    String orgId = TomlSettings.envOr(env, ENV_ORG_ID, toml.text("reconcile", "org_id", ""));
    if (orgId.isBlank()) {
      toml.error("reconcile.org_id (or " + ENV_ORG_ID + "): the ledger's org_id the provider reports belong to is required");
    }
    BigDecimal alertShare = toml.value("reconcile", "alert_share", "0.05", BigDecimal::new, "a decimal such as 0.05");
    if (alertShare != null && (alertShare.signum() < 0 || alertShare.compareTo(BigDecimal.TEN) > 0)) {
      toml.error("reconcile.alert_share: from 0 to 10, got " + alertShare.toPlainString());
    }
    List<String> channels = toml.texts("reconcile", "alert_channels", List.of());
    for (String c : channels) {
      if (!c.matches("[A-Za-z0-9._-]+")) {
        toml.error("reconcile.alert_channels: '" + c + "' is not a channel name (letters, digits, '.', '_', '-')");
      }
    }
    ClickHouseEndpoint clickhouse = clickhouse(toml, env);
    KafkaSettings kafka = kafka(toml, env);
    Map<Provider, ProviderSettings> providers = new EnumMap<>(Provider.class);
    providers.put(Provider.ANTHROPIC, provider(toml, "anthropic", AnthropicReports.DEFAULT_BASE_URL, env, ENV_ANTHROPIC_KEY,
        List.of("CLAUDE_CODE")));
    providers.put(Provider.OPENAI, provider(toml, "openai", OpenAiReports.DEFAULT_BASE_URL, env, ENV_OPENAI_KEY, List.of()));
    Duration initial = toml.duration("retry", "initial_delay", Duration.ofSeconds(1));
    Duration max = toml.duration("retry", "max_delay", Duration.ofSeconds(60));
    long attempts = toml.number("retry", "max_attempts", 8, 1, 100);
    toml.throwIfErrors();
    RetryPolicy retry = RetryPolicy.exponential(initial, max).withMaxAttempts((int) attempts);
    return new ReconcileSettings(orgId.trim(), clickhouse, providers, retry, alertShare, List.copyOf(channels), kafka);
  }

  private static KafkaSettings kafka(TomlSettings toml, Map<String, String> env) {
    String bootstrap = TomlSettings.envOr(env, ENV_BOOTSTRAP, toml.text("kafka", "bootstrap_servers", "127.0.0.1:19092"));
    String registry = TomlSettings.envOr(env, ENV_REGISTRY,
        toml.text("kafka", "registry_url", "http://127.0.0.1:18081/apis/ccompat/v7"));
    String prefix = TomlSettings.envOr(env, ENV_TOPIC_PREFIX, toml.text("kafka", "topic_prefix", ""));
    if (!prefix.isEmpty() && !prefix.matches("[a-zA-Z0-9._-]+")) {
      toml.error("topic prefix '" + prefix + "' may only contain letters, digits, '.', '_' and '-'");
      prefix = "";
    }
    KafkaSecurity security = KafkaSecurity.parse(toml, "kafka", env);
    RegistryCredentials credentials = RegistryCredentials.parse(toml, "kafka", env);
    return new KafkaSettings(bootstrap, registry, prefix, security, credentials);
  }

  private static ClickHouseEndpoint clickhouse(TomlSettings toml, Map<String, String> env) {
    String url = TomlSettings.envOr(env, ENV_CLICKHOUSE_URL, toml.text("clickhouse", "url", "http://127.0.0.1:18123"));
    String database = TomlSettings.envOr(env, ENV_CLICKHOUSE_DATABASE, toml.text("clickhouse", "database", "tokenledger"));
    String user = TomlSettings.envOr(env, ENV_CLICKHOUSE_USER, toml.text("clickhouse", "user", "default"));
    String password = TomlSettings.envOr(env, ENV_CLICKHOUSE_PASSWORD, toml.text("clickhouse", "password", ""));
    Duration timeout = toml.duration("clickhouse", "timeout", Duration.ofSeconds(60));
    if (!ClickHouseEndpoint.isIdentifier(database)) {
      toml.error("clickhouse.database '" + database + "' must match [A-Za-z_][A-Za-z0-9_]*");
      database = "tokenledger";
    }
    try {
      return new ClickHouseEndpoint(URI.create(url), database, user, password, timeout == null ? Duration.ofSeconds(60) : timeout);
    } catch (IllegalArgumentException e) {
      toml.error("clickhouse.url: " + e.getMessage());
      return ClickHouseEndpoint.of("http://127.0.0.1:18123", database);
    }
  }

  private static ProviderSettings provider(TomlSettings toml, String s, URI defaultBase, Map<String, String> env,
      String keyEnv, List<String> defaultSubjectSources) {
    URI base = toml.value(s, "base_url", defaultBase.toString(), ReconcileSettingsParser::httpUri, "an http(s) URL");
    Duration timeout = toml.duration(s, "timeout", Duration.ofSeconds(30));
    Optional<String> key = Optional.empty();
    String fromEnv = env.get(keyEnv);
    String keyFile = toml.text(s, "admin_key_file", "");
    if (fromEnv != null && !fromEnv.isBlank()) {
      key = Optional.of(fromEnv.trim());
    } else if (!keyFile.isBlank()) {
      Path p = Path.of(keyFile);
      p = p.isAbsolute() ? p : toml.baseDir().resolve(p).normalize();
      try {
        String k = Files.readString(p).strip();
        if (k.isEmpty()) {
          toml.error(s + ".admin_key_file " + p + ": the file is empty");
        } else {
          key = Optional.of(k);
        }
      } catch (IOException e) {
        toml.error(s + ".admin_key_file: cannot read " + p + " (" + e.getClass().getSimpleName() + ")");
      }
    }
    List<String> sources = toml.texts(s, "ledger_sources", List.of());
    List<String> excluded = toml.texts(s, "excluded_emails", List.of());
    List<String> subjectSources = toml.texts(s, "subject_sources", defaultSubjectSources);
    Map<String, String> map = new LinkedHashMap<>();
    for (String entry : toml.texts(s, "model_map", List.of())) {
      int eq = entry.indexOf('=');
      if (eq <= 0 || eq == entry.length() - 1) {
        toml.error(s + ".model_map: expected \"provider-model=ledger-model\", got '" + entry + "'");
        continue;
      }
      String from = entry.substring(0, eq).trim();
      if (map.put(from, entry.substring(eq + 1).trim()) != null) {
        toml.error(s + ".model_map: '" + from + "' is mapped twice");
      }
    }
    return new ProviderSettings(base == null ? defaultBase : base, key, timeout == null ? Duration.ofSeconds(30) : timeout,
        new LedgerScope(sources, excluded, subjectSources), new ModelMap(map));
  }

  private static URI httpUri(String s) {
    URI u = URI.create(s.trim());
    if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https")) || u.getHost() == null) {
      throw new IllegalArgumentException("not an http(s) URL");
    }
    return u;
  }
}
