package dev.tokenledger.agent.config;

import dev.tokenledger.agent.validation.UsageLimits;
import dev.tokenledger.settings.KafkaSecurity;
import dev.tokenledger.settings.TomlSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses the agent configuration once: documented defaults, then the config file, then environment
 * variables; every problem is reported at once in a {@link ConfigException}. No file is needed on a
 * laptop pointed at the local stack.
 *
 * <p>The file is TOML ({@code agent.toml}, read with the shared settings reader: {@link
 * AgentTomlFile}). A Java-properties file ({@code agent.properties}, the format before TOML) is still
 * read when it is the only file or is named explicitly, with a one-line deprecation notice naming the
 * equivalent TOML keys; when both exist, the TOML file is used and the properties file is ignored with
 * a warning.
 *
 * <p>Every key {@code a.b-c} can also be set with the environment variable {@code
 * TOKENLEDGER_AGENT_A_B_C}. The launcher's variables {@code TOKENLEDGER_BOOTSTRAP_SERVERS}, {@code
 * TOKENLEDGER_REGISTRY_URL} and {@code TOKENLEDGER_AGENT_STATE_DIR} are honoured too.
 *
 * <p>This class layers the sources and checks the connection, scan, spool and intake keys; typed
 * value reading is {@link ConfigValues}, the {@code privacy.*} and {@code limits.*} sections are
 * {@link PrivacyConfigParser} and {@link LimitsConfigParser}.
 */
public final class AgentConfigLoader {

  /** Environment variable naming the config file. */
  public static final String CONFIG_ENV = "TOKENLEDGER_AGENT_CONFIG";

  /**
   * The shared Kafka security keys the agent reads (ADR 0701), in its own spelling ({@code kafka.sasl-password} →
   * {@code [kafka] sasl_password}); keystores stay with {@code [kafka.property]}.
   */
  static final List<String> SECURITY_KEYS = List.of("kafka.security-protocol", "kafka.sasl-mechanism", "kafka.sasl-username",
      "kafka.sasl-password", "kafka.sasl-password-file", "kafka.ssl-truststore-location", "kafka.ssl-truststore-password");

  /** Keys whose values are never printed. */
  static final Set<String> SECRET_KEYS = Set.of("privacy.hash-salt", "kafka.sasl-password", "kafka.ssl-truststore-password");

  /** Every known key with its default ("" = unset). */
  public static final Map<String, String> DEFAULTS;

  static {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("org.id", "default");
    d.put("org.mapping", "");
    d.put("org.mapping-token-env", "");
    d.put("org.mapping-refresh", "1h");
    d.put("user.id", "");
    d.put("user.email", "");
    d.put("team", "");
    d.put("cost-centre", "");
    d.put("kafka.bootstrap-servers", "127.0.0.1:19092");
    for (String key : SECURITY_KEYS) {
      d.put(key, key.equals("kafka.security-protocol") ? "PLAINTEXT" : "");
    }
    d.put("registry.url", "http://127.0.0.1:18081/apis/ccompat/v7");
    d.put("topics.prefix", "");
    d.put("publish.batch-size", "2000");
    d.put("publish.request-timeout", "10s");
    d.put("state.dir", "");
    d.put("scan.interval", "10s");
    d.put("scan.commit-interval", "1s");
    d.put("scan.commit-bytes", "67108864");
    d.put("scan.threads", "2");
    d.put("spool.max-bytes", "1073741824");
    d.put("intake.enabled", "true");
    d.put("intake.port", "4319");
    d.put("intake.otlp-sources", "claude_code");
    d.put("privacy.hash-paths", "false");
    d.put("privacy.hash-salt", "");
    d.put("privacy.hash-salt-file", "");
    d.put("attribution.head-window", "6h");
    d.put("limits.max-input-tokens", "10000000");
    d.put("limits.max-cache-read-tokens", "10000000");
    d.put("limits.max-cache-write-tokens", "10000000");
    d.put("limits.max-output-tokens", "1000000");
    d.put("limits.max-cost-usd", "1000");
    d.put("limits.max-clock-skew", "15m");
    d.put("limits.max-event-age", "3650d");
    d.put("efficiency.commits", "true");
    d.put("efficiency.mcp-inventory", "true");
    d.put("efficiency.session-idle", "15m");
    d.put("efficiency.git-timeout", "10s");
    DEFAULTS = Collections.unmodifiableMap(d);
  }

  static final String EXTRA_PREFIX = "kafka.property.";

  private static final Logger LOG = LoggerFactory.getLogger(AgentConfigLoader.class);

  private final Map<String, String> env;
  private final Path home;
  private final List<String> notices = new ArrayList<>();
  private Map<String, String> effective = Map.of();

  public AgentConfigLoader(Map<String, String> env, Path home) {
    this.env = Map.copyOf(env);
    this.home = home;
  }

  /** This process's environment. */
  public static AgentConfigLoader fromEnvironment() {
    Map<String, String> env = System.getenv();
    return new AgentConfigLoader(env, Path.of(env.getOrDefault("HOME", System.getProperty("user.home"))));
  }

  /** The default config file location: {@code ${XDG_CONFIG_HOME:-~/.config}/tokenledger/agent.toml}. */
  public Path defaultConfigFile() {
    return configDir().resolve("agent.toml");
  }

  /** The former default location, still read when no {@code agent.toml} exists (deprecated). */
  public Path legacyConfigFile() {
    return configDir().resolve("agent.properties");
  }

  private Path configDir() {
    String xdg = env.get("XDG_CONFIG_HOME");
    Path base = xdg == null || xdg.isBlank() ? home.resolve(".config") : Path.of(xdg);
    return base.resolve("tokenledger");
  }

  /** The deprecation notices and warnings of the last {@link #load} (each also logged once). */
  public List<String> notices() {
    return List.copyOf(notices);
  }

  /** The default state directory: {@code ${XDG_STATE_HOME:-~/.local/state}/tokenledger-agent}. */
  public Path defaultStateDir() {
    String xdg = env.get("XDG_STATE_HOME");
    Path base = xdg == null || xdg.isBlank() ? home.resolve(".local").resolve("state") : Path.of(xdg);
    return base.resolve("tokenledger-agent");
  }

  /**
   * Loads the configuration.
   *
   * @param explicitFile a file named on the command line (must exist), or null for the environment's
   *     {@code TOKENLEDGER_AGENT_CONFIG} or the default location (optional)
   */
  public AgentConfig load(Path explicitFile) {
    List<String> problems = new ArrayList<>();
    Map<String, String> values = new TreeMap<>(DEFAULTS);
    String source = "defaults";
    Path file = explicitFile;
    boolean required = explicitFile != null;
    if (file == null && env.get(CONFIG_ENV) != null && !env.get(CONFIG_ENV).isBlank()) {
      file = Path.of(env.get(CONFIG_ENV));
      required = true;
    }
    if (file == null) {
      file = defaultConfigFile();
      Path legacy = legacyConfigFile();
      if (Files.isRegularFile(file) && Files.isRegularFile(legacy)) {
        notice(legacy + " is ignored: " + file + " is used (move any settings still needed into it, then delete "
            + legacy.getFileName() + ")");
      } else if (!Files.isRegularFile(file) && Files.isRegularFile(legacy)) {
        file = legacy;
      }
    }
    Map<String, String> origins = new TreeMap<>();
    if (Files.isRegularFile(file)) {
      source = file.toString();
      Map<String, String> fromFile = new TreeMap<>();
      if (isProperties(file)) {
        AgentPropertiesFile.read(file, fromFile, problems).ifPresent(this::notice);
      } else {
        AgentTomlFile.read(file, fromFile, problems);
      }
      values.putAll(fromFile);
      for (Map.Entry<String, String> e : fromFile.entrySet()) {
        if (!e.getValue().isBlank()) {
          origins.put(e.getKey(), "file " + file);
        }
      }
    } else if (required) {
      problems.add("config file " + file + " does not exist");
    }
    applyEnvironment(values, origins);
    AgentConfig config = build(values, origins, source, problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    effective = new TreeMap<>(values);
    return config;
  }

  /** A {@code .properties} file is read in the former format; any other name is TOML. */
  static boolean isProperties(Path file) {
    return file.getFileName().toString().endsWith(".properties");
  }

  private void notice(String message) {
    notices.add(message);
    LOG.warn(message);
  }

  /**
   * The configuration the last {@link #load} produced, as an {@code agent.toml}: every key with its
   * effective value (defaults, file and environment merged), secrets masked; the state directory is
   * {@code config}'s (after a command-line override).
   */
  public String effectiveToml(AgentConfig config) {
    return EffectiveConfig.toml(effective, config);
  }

  private void applyEnvironment(Map<String, String> values, Map<String, String> origins) {
    for (String key : DEFAULTS.keySet()) {
      alias(envName(key), key, values, origins);
    }
    alias("TOKENLEDGER_BOOTSTRAP_SERVERS", "kafka.bootstrap-servers", values, origins);
    alias("TOKENLEDGER_REGISTRY_URL", "registry.url", values, origins);
    alias("TOKENLEDGER_AGENT_STATE_DIR", "state.dir", values, origins);
    alias("TOKENLEDGER_TOPIC_PREFIX", "topics.prefix", values, origins);
  }

  private void alias(String variable, String key, Map<String, String> values, Map<String, String> origins) {
    String v = env.get(variable);
    if (v != null && !v.isBlank()) {
      values.put(key, v.trim());
      origins.put(key, "env " + variable);
    }
  }

  /** {@code kafka.bootstrap-servers} → {@code TOKENLEDGER_AGENT_KAFKA_BOOTSTRAP_SERVERS}. */
  public static String envName(String key) {
    return "TOKENLEDGER_AGENT_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private AgentConfig build(Map<String, String> values, Map<String, String> origins, String source, List<String> problems) {
    ConfigValues v = new ConfigValues(values, problems);
    String orgId = v.text("org.id");
    if (orgId.isBlank()) {
      problems.add("org.id must not be blank");
    } else if (orgId.indexOf('|') >= 0) {
      problems.add("org.id must not contain '|' (it separates the parts of rollup keys), was '" + orgId + "'");
    }
    String bootstrap = v.text("kafka.bootstrap-servers");
    if (!bootstrap.matches("[^\\s,]+:\\d+(,[^\\s,]+:\\d+)*")) {
      problems.add("kafka.bootstrap-servers must be host:port[,host:port...], was '" + bootstrap + "'");
    }
    String registry = v.text("registry.url");
    if (!registry.startsWith("http://") && !registry.startsWith("https://")) {
      problems.add("registry.url must be an http(s) URL, was '" + registry + "'");
    }
    String prefix = v.text("topics.prefix");
    if (!prefix.matches("[a-zA-Z0-9._-]*")) {
      problems.add("topics.prefix may only contain letters, digits, '.', '_' and '-', was '" + prefix + "'");
    }
    int batch = v.intValue("publish.batch-size", 1, 100_000);
    Duration requestTimeout = v.duration("publish.request-timeout");
    Duration interval = v.duration("scan.interval");
    Duration commitInterval = v.duration("scan.commit-interval");
    long commitBytes = v.longValue("scan.commit-bytes", 1, Long.MAX_VALUE);
    int threads = v.intValue("scan.threads", 1, 16);
    long spoolMax = v.longValue("spool.max-bytes", 1 << 20, Long.MAX_VALUE);
    boolean intakeEnabled = v.bool("intake.enabled");
    int port = v.intValue("intake.port", 0, 65535);
    java.util.Set<String> otlpSources = new java.util.TreeSet<>();
    for (String part : v.text("intake.otlp-sources").split(",")) {
      String name = part.trim();
      if (name.isEmpty()) {
        continue;
      }
      if (!AgentConfig.Intake.OTLP_SOURCES.contains(name)) {
        problems.add("intake.otlp-sources must name some of " + new java.util.TreeSet<>(AgentConfig.Intake.OTLP_SOURCES)
            + " (comma-separated, \"\" for none), was '" + name + "'");
      } else {
        otlpSources.add(name);
      }
    }
    AgentConfig.Privacy privacy = PrivacyConfigParser.parse(v, home);
    Duration headWindow = v.duration("attribution.head-window");
    UsageLimits limits = LimitsConfigParser.parse(v);
    String stateDirText = v.text("state.dir");
    boolean commits = v.bool("efficiency.commits");
    boolean mcpInventory = v.bool("efficiency.mcp-inventory");
    Duration sessionIdle = v.duration("efficiency.session-idle");
    Duration gitTimeout = v.duration("efficiency.git-timeout");
    AgentConfig.OrgMapping orgMapping = OrgMappingConfigParser.parse(v, home);
    Path stateDir = stateDirText.isBlank() ? defaultStateDir() : Path.of(ConfigValues.expandHome(stateDirText, home));
    Map<String, String> extra = new TreeMap<>();
    values.forEach((k, val) -> {
      if (k.startsWith(EXTRA_PREFIX)) {
        extra.put(k.substring(EXTRA_PREFIX.length()), val);
      }
    });
    for (String reserved : Set.of("bootstrap.servers", "transactional.id", "enable.idempotence", "acks",
        "key.serializer", "value.serializer")) {
      if (extra.containsKey(reserved)) {
        problems.add(EXTRA_PREFIX + reserved + " is set by the agent itself and cannot be overridden");
      }
    }
    KafkaSecurity security = security(values, problems);
    security.clientProperties().keySet().stream().filter(extra::containsKey).forEach(k -> problems.add(
        EXTRA_PREFIX + k + " is also set by [kafka] " + "security_protocol / sasl_* / ssl_truststore_*: set it in one place"));
    if (!problems.isEmpty()) {
      return null;
    }
    extra.putAll(security.clientProperties());
    return new AgentConfig(
        new AgentConfig.Identity(orgId, v.optional("user.id"), v.optional("user.email"), v.optional("team"),
            v.optional("cost-centre"), identitySources(origins)),
        new AgentConfig.Kafka(bootstrap, registry, prefix, batch, requestTimeout, extra),
        stateDir,
        new AgentConfig.Scan(interval, commitInterval, commitBytes, threads),
        new AgentConfig.Spool(spoolMax),
        new AgentConfig.Intake(intakeEnabled, port, otlpSources),
        privacy,
        headWindow,
        limits,
        source,
        new AgentConfig.Efficiency(commits, mcpInventory, sessionIdle, gitTimeout),
        orgMapping);
  }

  /** Where the identity keys that were set came from. */
  private static Map<String, String> identitySources(Map<String, String> origins) {
    Map<String, String> out = new TreeMap<>();
    for (String key : List.of("org.id", "user.id", "user.email", "team", "cost-centre")) {
      if (origins.containsKey(key)) {
        out.put(key, origins.get(key));
      }
    }
    return out;
  }

  /** The shared security settings from the agent's keys (and TOKENLEDGER_KAFKA_* like every role); errors go to problems. */
  private KafkaSecurity security(Map<String, String> values, List<String> problems) {
    Map<String, Object> kafka = new LinkedHashMap<>();
    for (String key : SECURITY_KEYS) {
      String v = values.getOrDefault(key, DEFAULTS.get(key));
      if (!v.isBlank()) {
        kafka.put(key.substring("kafka.".length()).replace('-', '_'),
            key.endsWith("-location") ? ConfigValues.expandHome(v, home) : v);
      }
    }
    TomlSettings toml = TomlSettings.of(Map.of("kafka", kafka), Path.of("").toAbsolutePath());
    KafkaSecurity security = KafkaSecurity.parse(toml, "kafka", env);
    problems.addAll(toml.errors());
    return security;
  }
}
