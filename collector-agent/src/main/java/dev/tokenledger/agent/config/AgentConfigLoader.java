package dev.tokenledger.agent.config;

import dev.tokenledger.agent.validation.UsageLimits;
import java.io.IOException;
import java.math.BigDecimal;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Parses the agent configuration once: documented defaults, then the config file (Java properties
 * format), then environment variables; every problem is reported at once in a {@link
 * ConfigException}. No file is needed on a laptop pointed at the local stack.
 *
 * <p>Every key {@code a.b-c} can also be set with the environment variable {@code
 * TOKENLEDGER_AGENT_A_B_C}. The launcher's variables {@code TOKENLEDGER_BOOTSTRAP_SERVERS}, {@code
 * TOKENLEDGER_REGISTRY_URL} and {@code TOKENLEDGER_AGENT_STATE_DIR} are honoured too.
 */
public final class AgentConfigLoader {

  /** Environment variable naming the config file. */
  public static final String CONFIG_ENV = "TOKENLEDGER_AGENT_CONFIG";

  /** Every known key with its default ("" = unset). */
  public static final Map<String, String> DEFAULTS;

  static {
    Map<String, String> d = new LinkedHashMap<>();
    d.put("org.id", "default");
    d.put("user.id", "");
    d.put("user.email", "");
    d.put("team", "");
    d.put("cost-centre", "");
    d.put("kafka.bootstrap-servers", "127.0.0.1:19092");
    d.put("registry.url", "http://127.0.0.1:18081/apis/ccompat/v7");
    d.put("topics.prefix", "");
    d.put("publish.batch-size", "2000");
    d.put("publish.request-timeout", "PT10S");
    d.put("state.dir", "");
    d.put("scan.interval", "PT10S");
    d.put("scan.commit-interval", "PT1S");
    d.put("scan.commit-bytes", "67108864");
    d.put("scan.threads", "2");
    d.put("spool.max-bytes", "1073741824");
    d.put("intake.enabled", "true");
    d.put("intake.port", "4319");
    d.put("privacy.hash-paths", "false");
    d.put("privacy.hash-salt", "");
    d.put("privacy.hash-salt-file", "");
    d.put("attribution.head-window", "PT6H");
    d.put("limits.max-input-tokens", "10000000");
    d.put("limits.max-cache-read-tokens", "10000000");
    d.put("limits.max-cache-write-tokens", "10000000");
    d.put("limits.max-output-tokens", "1000000");
    d.put("limits.max-cost-usd", "1000");
    d.put("limits.max-clock-skew", "PT15M");
    d.put("limits.max-event-age", "P400D");
    DEFAULTS = java.util.Collections.unmodifiableMap(d);
  }

  private static final String EXTRA_PREFIX = "kafka.property.";

  private final Map<String, String> env;
  private final Path home;

  public AgentConfigLoader(Map<String, String> env, Path home) {
    this.env = Map.copyOf(env);
    this.home = home;
  }

  /** This process's environment. */
  public static AgentConfigLoader fromEnvironment() {
    Map<String, String> env = System.getenv();
    return new AgentConfigLoader(env, Path.of(env.getOrDefault("HOME", System.getProperty("user.home"))));
  }

  /** The default config file location: {@code ${XDG_CONFIG_HOME:-~/.config}/tokenledger/agent.properties}. */
  public Path defaultConfigFile() {
    String xdg = env.get("XDG_CONFIG_HOME");
    Path base = xdg == null || xdg.isBlank() ? home.resolve(".config") : Path.of(xdg);
    return base.resolve("tokenledger").resolve("agent.properties");
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
    }
    if (Files.isRegularFile(file)) {
      source = file.toString();
      readFile(file, values, problems);
    } else if (required) {
      problems.add("config file " + file + " does not exist");
    }
    applyEnvironment(values);
    AgentConfig config = build(values, source, problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return config;
  }

  private static void readFile(Path file, Map<String, String> values, List<String> problems) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException | IllegalArgumentException e) {
      problems.add("cannot read config file " + file + ": " + e.getMessage());
      return;
    }
    for (String key : p.stringPropertyNames()) {
      if (!DEFAULTS.containsKey(key) && !key.startsWith(EXTRA_PREFIX)) {
        problems.add("unknown key '" + key + "' in " + file + " (known: " + String.join(", ", DEFAULTS.keySet())
            + ", " + EXTRA_PREFIX + "*)");
        continue;
      }
      values.put(key, p.getProperty(key).trim());
    }
  }

  private void applyEnvironment(Map<String, String> values) {
    for (String key : DEFAULTS.keySet()) {
      String v = env.get(envName(key));
      if (v != null && !v.isBlank()) {
        values.put(key, v.trim());
      }
    }
    alias("TOKENLEDGER_BOOTSTRAP_SERVERS", "kafka.bootstrap-servers", values);
    alias("TOKENLEDGER_REGISTRY_URL", "registry.url", values);
    alias("TOKENLEDGER_AGENT_STATE_DIR", "state.dir", values);
    alias("TOKENLEDGER_TOPIC_PREFIX", "topics.prefix", values);
  }

  private void alias(String variable, String key, Map<String, String> values) {
    String v = env.get(variable);
    if (v != null && !v.isBlank()) {
      values.put(key, v.trim());
    }
  }

  /** {@code kafka.bootstrap-servers} → {@code TOKENLEDGER_AGENT_KAFKA_BOOTSTRAP_SERVERS}. */
  public static String envName(String key) {
    return "TOKENLEDGER_AGENT_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private AgentConfig build(Map<String, String> v, String source, List<String> problems) {
    String orgId = v.get("org.id");
    if (orgId.isBlank()) {
      problems.add("org.id must not be blank");
    } else if (orgId.indexOf('|') >= 0) {
      problems.add("org.id must not contain '|' (it separates the parts of rollup keys), was '" + orgId + "'");
    }
    String bootstrap = v.get("kafka.bootstrap-servers");
    if (!bootstrap.matches("[^\\s,]+:\\d+(,[^\\s,]+:\\d+)*")) {
      problems.add("kafka.bootstrap-servers must be host:port[,host:port...], was '" + bootstrap + "'");
    }
    String registry = v.get("registry.url");
    if (!registry.startsWith("http://") && !registry.startsWith("https://")) {
      problems.add("registry.url must be an http(s) URL, was '" + registry + "'");
    }
    String prefix = v.get("topics.prefix");
    if (!prefix.matches("[a-zA-Z0-9._-]*")) {
      problems.add("topics.prefix may only contain letters, digits, '.', '_' and '-', was '" + prefix + "'");
    }
    int batch = intValue(v, "publish.batch-size", 1, 100_000, problems);
    Duration requestTimeout = duration(v, "publish.request-timeout", problems);
    Duration interval = duration(v, "scan.interval", problems);
    Duration commitInterval = duration(v, "scan.commit-interval", problems);
    long commitBytes = longValue(v, "scan.commit-bytes", 1, Long.MAX_VALUE, problems);
    int threads = intValue(v, "scan.threads", 1, 16, problems);
    long spoolMax = longValue(v, "spool.max-bytes", 1 << 20, Long.MAX_VALUE, problems);
    boolean intakeEnabled = bool(v, "intake.enabled", problems);
    int port = intValue(v, "intake.port", 0, 65535, problems);
    AgentConfig.Privacy privacy = privacy(v, problems);
    Duration headWindow = duration(v, "attribution.head-window", problems);
    UsageLimits limits = limits(v, problems);
    String stateDirText = v.get("state.dir");
    Path stateDir = stateDirText.isBlank() ? defaultStateDir() : Path.of(expandHome(stateDirText));
    Map<String, String> extra = new TreeMap<>();
    v.forEach((k, val) -> {
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
    if (!problems.isEmpty()) {
      return null;
    }
    return new AgentConfig(
        new AgentConfig.Identity(orgId, opt(v, "user.id"), opt(v, "user.email"), opt(v, "team"), opt(v, "cost-centre")),
        new AgentConfig.Kafka(bootstrap, registry, prefix, batch, requestTimeout, extra),
        stateDir,
        new AgentConfig.Scan(interval, commitInterval, commitBytes, threads),
        new AgentConfig.Spool(spoolMax),
        new AgentConfig.Intake(intakeEnabled, port),
        privacy,
        headWindow,
        limits,
        source);
  }

  /** Shortest secret salt accepted: a salt is only worth having if it cannot be guessed. */
  static final int MIN_SALT_LENGTH = 16;

  private AgentConfig.Privacy privacy(Map<String, String> v, List<String> problems) {
    boolean hash = bool(v, "privacy.hash-paths", problems);
    String salt = v.get("privacy.hash-salt");
    String file = v.get("privacy.hash-salt-file");
    if (!salt.isBlank() && !file.isBlank()) {
      problems.add("privacy.hash-salt and privacy.hash-salt-file are both set; set one");
      return new AgentConfig.Privacy(hash, Optional.empty(), "org id");
    }
    String source = "privacy.hash-salt";
    if (!file.isBlank()) {
      Path p = Path.of(expandHome(file));
      source = p.toString();
      try {
        salt = Files.readString(p, StandardCharsets.UTF_8).trim();
      } catch (IOException | RuntimeException e) {
        problems.add("privacy.hash-salt-file " + p + " cannot be read: " + e.getMessage());
        return new AgentConfig.Privacy(hash, Optional.empty(), "org id");
      }
      if (salt.isEmpty()) {
        problems.add("privacy.hash-salt-file " + p + " is empty");
      }
    }
    if (salt.isBlank()) {
      return new AgentConfig.Privacy(hash, Optional.empty(), "org id");
    }
    if (salt.length() < MIN_SALT_LENGTH) {
      problems.add(source + ": the hash salt must be at least " + MIN_SALT_LENGTH + " characters (it was "
          + salt.length() + "); use a random value such as the output of `openssl rand -hex 32`");
    }
    return new AgentConfig.Privacy(hash, Optional.of(salt), source);
  }

  private static UsageLimits limits(Map<String, String> v, List<String> problems) {
    long input = longValue(v, "limits.max-input-tokens", 1, Long.MAX_VALUE, problems);
    long cacheRead = longValue(v, "limits.max-cache-read-tokens", 1, Long.MAX_VALUE, problems);
    long cacheWrite = longValue(v, "limits.max-cache-write-tokens", 1, Long.MAX_VALUE, problems);
    long output = longValue(v, "limits.max-output-tokens", 1, Long.MAX_VALUE, problems);
    BigDecimal cost = BigDecimal.ONE;
    String costText = v.get("limits.max-cost-usd");
    if (!costText.matches("\\d{1,9}(\\.\\d{1,9})?") || new BigDecimal(costText).signum() <= 0) {
      problems.add("limits.max-cost-usd must be a positive decimal below 1000000000 with at most 9 decimal places"
          + " (the events' cost field is decimal(18,9)), was '" + costText + "'");
    } else {
      cost = new BigDecimal(costText);
    }
    Duration skew = Duration.ZERO;
    String skewText = v.get("limits.max-clock-skew");
    try {
      skew = Duration.parse(skewText);
      if (skew.isNegative()) {
        problems.add("limits.max-clock-skew must not be negative, was " + skewText);
        skew = Duration.ZERO;
      }
    } catch (DateTimeParseException e) {
      problems.add("limits.max-clock-skew must be an ISO-8601 duration such as PT15M, was '" + skewText + "'");
    }
    Duration age = duration(v, "limits.max-event-age", problems);
    if (!problems.isEmpty()) {
      return UsageLimits.DEFAULTS;
    }
    return new UsageLimits(input, cacheRead, cacheWrite, output, cost, skew, age);
  }

  private String expandHome(String path) {
    return path.equals("~") ? home.toString() : path.startsWith("~/") ? home.resolve(path.substring(2)).toString() : path;
  }

  private static Optional<String> opt(Map<String, String> v, String key) {
    String s = v.get(key);
    return s == null || s.isBlank() ? Optional.empty() : Optional.of(s);
  }

  private static Duration duration(Map<String, String> v, String key, List<String> problems) {
    String s = v.get(key);
    try {
      Duration d = Duration.parse(s);
      if (d.isNegative() || d.isZero()) {
        problems.add(key + " must be positive, was " + s);
      }
      return d;
    } catch (DateTimeParseException e) {
      problems.add(key + " must be an ISO-8601 duration such as PT5S, was '" + s + "'");
      return Duration.ofSeconds(1);
    }
  }

  private static boolean bool(Map<String, String> v, String key, List<String> problems) {
    String s = v.get(key).toLowerCase(Locale.ROOT);
    if (!s.equals("true") && !s.equals("false")) {
      problems.add(key + " must be true or false, was '" + v.get(key) + "'");
    }
    return s.equals("true");
  }

  private static int intValue(Map<String, String> v, String key, int min, int max, List<String> problems) {
    return (int) longValue(v, key, min, max, problems);
  }

  private static long longValue(Map<String, String> v, String key, long min, long max, List<String> problems) {
    try {
      long n = Long.parseLong(v.get(key).replace("_", ""));
      if (n < min || n > max) {
        problems.add(key + " must be between " + min + " and " + max + ", was " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      problems.add(key + " must be a whole number, was '" + v.get(key) + "'");
      return min;
    }
  }
}
