package dev.tokenledger.settings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * How every role's Kafka clients authenticate and encrypt: {@code security.protocol}, a SASL mechanism
 * with its user and password (the JAAS line is built here, never written by hand), and TLS trust and
 * key stores. Read from the keys {@link #KEYS} of a role's {@code [kafka]} section, each overridden by the
 * environment variable {@code TOKENLEDGER_KAFKA_<KEY>} (e.g. {@code TOKENLEDGER_KAFKA_SASL_PASSWORD});
 * passwords may also come from a file ({@code sasl_password_file}, {@code TOKENLEDGER_KAFKA_SASL_PASSWORD_FILE}).
 * {@link #toString()} masks every password; {@link #clientProperties()} is what the clients get.
 */
public final class KafkaSecurity {

  /** The protocols of Kafka's {@code security.protocol}. */
  public enum Protocol {
    PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL;

    boolean sasl() {
      return this == SASL_PLAINTEXT || this == SASL_SSL;
    }

    boolean tls() {
      return this == SSL || this == SASL_SSL;
    }
  }

  /** The SASL mechanisms whose login the roles can build from a user name and password. */
  public enum Mechanism {
    PLAIN("org.apache.kafka.common.security.plain.PlainLoginModule"),
    SCRAM_SHA_256("org.apache.kafka.common.security.scram.ScramLoginModule"),
    SCRAM_SHA_512("org.apache.kafka.common.security.scram.ScramLoginModule");

    private final String loginModule;

    Mechanism(String loginModule) {
      this.loginModule = loginModule;
    }

    /** The name Kafka knows it by ({@code SCRAM-SHA-512}). */
    public String kafkaName() {
      return name().replace('_', '-');
    }

    static Mechanism parse(String s) {
      return Mechanism.valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
  }

  /** The keys this reads in a role's {@code [kafka]} section. */
  public static final Set<String> KEYS = Set.of("security_protocol", "sasl_mechanism", "sasl_username", "sasl_password",
      "sasl_password_file", "ssl_truststore_location", "ssl_truststore_type", "ssl_truststore_password",
      "ssl_truststore_password_file", "ssl_keystore_location", "ssl_keystore_type", "ssl_keystore_password",
      "ssl_keystore_password_file", "ssl_key_password", "ssl_key_password_file", "ssl_endpoint_identification");

  /** The environment variables are this prefix and the key in capitals. */
  public static final String ENV_PREFIX = "TOKENLEDGER_KAFKA_";

  private final Protocol protocol;
  private final Optional<Mechanism> mechanism;
  private final String username;
  private final String password;
  private final Optional<Store> truststore;
  private final Optional<Store> keystore;
  private final String keyPassword;
  private final boolean endpointIdentification;

  /** A key or trust store: its file, type (PKCS12, JKS, PEM) and password. */
  public record Store(Path location, String type, String password) {
    @Override
    public String toString() {
      return location + " (" + type + (password.isEmpty() ? "" : ", password " + SecretSetting.mask(password)) + ")";
    }
  }

  private KafkaSecurity(Protocol protocol, Optional<Mechanism> mechanism, String username, String password,
      Optional<Store> truststore, Optional<Store> keystore, String keyPassword, boolean endpointIdentification) {
    this.protocol = protocol;
    this.mechanism = mechanism;
    this.username = username;
    this.password = password;
    this.truststore = truststore;
    this.keystore = keystore;
    this.keyPassword = keyPassword;
    this.endpointIdentification = endpointIdentification;
  }

  /** No security: {@code PLAINTEXT}, the local stack's listener. */
  public static KafkaSecurity plaintext() {
    return new KafkaSecurity(Protocol.PLAINTEXT, Optional.empty(), "", "", Optional.empty(), Optional.empty(), "", true);
  }

  /** A SASL login over {@code protocol} (tests and tools; roles read theirs with {@link #parse}). */
  public static KafkaSecurity sasl(Protocol protocol, Mechanism mechanism, String username, String password, Optional<Store> truststore) {
    if (!protocol.sasl()) {
      throw new IllegalArgumentException(protocol + " is not a SASL protocol");
    }
    return new KafkaSecurity(protocol, Optional.of(mechanism), username, password, truststore, Optional.empty(), "", true);
  }

  /**
   * Reads the keys {@link #KEYS} of {@code section} with their environment overrides. Every problem goes
   * to {@code toml} (reported with the role's other errors); none contains a password.
   */
  public static KafkaSecurity parse(TomlSettings toml, String section, Map<String, String> env) {
    Protocol protocol = choice(toml, section, "security_protocol", env, "PLAINTEXT", Protocol::valueOf,
        "PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL", Protocol.PLAINTEXT);
    String mechanismText = setting(toml, section, "sasl_mechanism", env, "");
    String username = setting(toml, section, "sasl_username", env, "");
    String password = secret(toml, section, "sasl_password", env);
    Optional<Mechanism> mechanism = Optional.empty();
    if (protocol.sasl()) {
      if (mechanismText.isBlank()) {
        toml.error(source(section, "sasl_mechanism") + ": required with security_protocol " + protocol
            + " (PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512)");
      } else {
        try {
          mechanism = Optional.of(Mechanism.parse(mechanismText));
        } catch (IllegalArgumentException e) {
          toml.error(source(section, "sasl_mechanism") + ": expected PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512, got '" + mechanismText + "'");
        }
      }
      if (username.isBlank()) {
        toml.error(source(section, "sasl_username") + ": required with security_protocol " + protocol);
      }
      if (password.isEmpty()) {
        toml.error(source(section, "sasl_password") + ": required with security_protocol " + protocol
            + " (set " + ENV_PREFIX + "SASL_PASSWORD or " + ENV_PREFIX + "SASL_PASSWORD_FILE, or sasl_password_file)");
      }
    } else if (!mechanismText.isBlank() || !username.isBlank() || !password.isEmpty()) {
      toml.error(source(section, "security_protocol") + ": a SASL user or mechanism is set but the protocol is "
          + protocol + " (use SASL_SSL or SASL_PLAINTEXT)");
    }
    Optional<Store> truststore = store(toml, section, "ssl_truststore", env);
    Optional<Store> keystore = store(toml, section, "ssl_keystore", env);
    String keyPassword = secret(toml, section, "ssl_key_password", env);
    boolean endpointIdentification = choice(toml, section, "ssl_endpoint_identification", env, "true",
        KafkaSecurity::bool, "true or false", true);
    if (!protocol.tls() && (truststore.isPresent() || keystore.isPresent())) {
      toml.error(source(section, "security_protocol") + ": a trust or key store is set but the protocol is " + protocol
          + " (use SSL or SASL_SSL)");
    }
    return new KafkaSecurity(protocol, mechanism, username.trim(), password, truststore, keystore, keyPassword,
        endpointIdentification);
  }

  private static Optional<Store> store(TomlSettings toml, String section, String prefix, Map<String, String> env) {
    String location = setting(toml, section, prefix + "_location", env, "");
    String password = secret(toml, section, prefix + "_password", env);
    if (location.isBlank()) {
      if (!password.isEmpty()) {
        toml.error(source(section, prefix + "_password") + ": set without " + prefix + "_location");
      }
      return Optional.empty();
    }
    Path p = Path.of(location.trim());
    Path file = p.isAbsolute() ? p : toml.baseDir().resolve(p).normalize();
    if (!Files.isReadable(file)) {
      toml.error(source(section, prefix + "_location") + ": " + file + " is not a readable file");
    }
    String typeText = setting(toml, section, prefix + "_type", env, "").trim().toUpperCase(Locale.ROOT);
    String type = typeText.isEmpty() ? defaultType(file) : typeText;
    if (!Set.of("PKCS12", "JKS", "PEM").contains(type)) {
      toml.error(source(section, prefix + "_type") + ": expected PKCS12, JKS or PEM, got '" + type + "'");
    }
    return Optional.of(new Store(file, type, password));
  }

  private static String defaultType(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".jks") ? "JKS" : name.endsWith(".pem") || name.endsWith(".crt") ? "PEM" : "PKCS12";
  }

  private static Boolean bool(String s) {
    return switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(s);
    };
  }

  private static String env(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT);
  }

  private static String source(String section, String key) {
    return section + "." + key + " / " + env(key);
  }

  private static String setting(TomlSettings toml, String section, String key, Map<String, String> env, String fallback) {
    String fromFile = key.equals("ssl_endpoint_identification") && toml.has(section, key)
        ? String.valueOf(toml.bool(section, key, true)) : toml.text(section, key, fallback);
    return TomlSettings.envOr(env, env(key), fromFile);
  }

  private static String secret(TomlSettings toml, String section, String key, Map<String, String> env) {
    return SecretSetting.read(toml, section, key, env, env(key));
  }

  private static <T> T choice(TomlSettings toml, String section, String key, Map<String, String> env, String fallback,
      java.util.function.Function<String, T> parse, String expected, T otherwise) {
    String text = setting(toml, section, key, env, fallback);
    try {
      return parse.apply(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      toml.error(source(section, key) + ": expected " + expected + ", got '" + text + "'");
      return otherwise;
    }
  }

  public Protocol protocol() {
    return protocol;
  }

  public Optional<Mechanism> mechanism() {
    return mechanism;
  }

  public String username() {
    return username;
  }

  /**
   * The Kafka client properties (producer, consumer, admin and Streams alike): empty for PLAINTEXT.
   * Contains the password (in {@code sasl.jaas.config} and the store passwords): never log it.
   */
  public Map<String, String> clientProperties() {
    Map<String, String> p = new LinkedHashMap<>();
    if (protocol == Protocol.PLAINTEXT) {
      return p;
    }
    p.put("security.protocol", protocol.name());
    mechanism.ifPresent(m -> {
      p.put("sasl.mechanism", m.kafkaName());
      p.put("sasl.jaas.config", m.loginModule + " required username=\"" + jaasEscape(username) + "\" password=\""
          + jaasEscape(password) + "\";");
    });
    truststore.ifPresent(s -> {
      p.put("ssl.truststore.location", s.location().toString());
      p.put("ssl.truststore.type", s.type());
      if (!s.password().isEmpty()) {
        p.put("ssl.truststore.password", s.password());
      }
    });
    keystore.ifPresent(s -> {
      p.put("ssl.keystore.location", s.location().toString());
      p.put("ssl.keystore.type", s.type());
      if (!s.password().isEmpty()) {
        p.put("ssl.keystore.password", s.password());
      }
    });
    if (!keyPassword.isEmpty()) {
      p.put("ssl.key.password", keyPassword);
    }
    if (protocol.tls()) {
      p.put("ssl.endpoint.identification.algorithm", endpointIdentification ? "https" : "");
    }
    return p;
  }

  /** JAAS options are quoted strings: a quote or backslash inside is escaped with a backslash. */
  private static String jaasEscape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KafkaSecurity k && protocol == k.protocol && mechanism.equals(k.mechanism)
        && username.equals(k.username) && password.equals(k.password) && truststore.equals(k.truststore)
        && keystore.equals(k.keystore) && keyPassword.equals(k.keyPassword) && endpointIdentification == k.endpointIdentification;
  }

  @Override
  public int hashCode() {
    return Objects.hash(protocol, mechanism, username, truststore, keystore, endpointIdentification);
  }

  /** The settings with every password masked, for {@code --validate} and logs. */
  @Override
  public String toString() {
    Map<String, String> shown = new TreeMap<>();
    shown.put("security_protocol", protocol.name());
    mechanism.ifPresent(m -> shown.put("sasl_mechanism", m.kafkaName()));
    if (!username.isEmpty()) {
      shown.put("sasl_username", username);
      shown.put("sasl_password", SecretSetting.mask(password));
    }
    truststore.ifPresent(s -> shown.put("ssl_truststore", s.toString()));
    keystore.ifPresent(s -> shown.put("ssl_keystore", s.toString()));
    if (!keyPassword.isEmpty()) {
      shown.put("ssl_key_password", SecretSetting.mask(keyPassword));
    }
    if (protocol.tls() && !endpointIdentification) {
      shown.put("ssl_endpoint_identification", "false");
    }
    return shown.toString();
  }
}
