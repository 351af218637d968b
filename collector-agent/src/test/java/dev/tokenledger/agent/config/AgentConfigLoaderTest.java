package dev.tokenledger.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigLoaderTest {

  @TempDir
  Path home;

  @Test
  void noFileAndNoEnvironmentGivesTheLocalStackDefaults() {
    AgentConfig c = new AgentConfigLoader(Map.of(), home).load(null);
    assertThat(c.source()).isEqualTo("defaults");
    assertThat(c.kafka().bootstrapServers()).isEqualTo("127.0.0.1:19092");
    assertThat(c.kafka().registryUrl()).isEqualTo("http://127.0.0.1:18081/apis/ccompat/v7");
    assertThat(c.topics().usageEvents()).isEqualTo("usage.events.v1");
    assertThat(c.stateDir()).isEqualTo(home.resolve(".local/state/tokenledger-agent"));
    assertThat(c.identity().orgId()).isEqualTo("default");
    assertThat(c.identity().userId()).isEmpty();
    assertThat(c.intake().port()).isEqualTo(4319);
    assertThat(c.scan().interval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.hashPaths()).isFalse();
  }

  @Test
  void xdgStateHomeMovesTheStateDirectory() {
    AgentConfig c = new AgentConfigLoader(Map.of("XDG_STATE_HOME", "/var/x"), home).load(null);
    assertThat(c.stateDir()).isEqualTo(Path.of("/var/x/tokenledger-agent"));
  }

  @Test
  void fileThenEnvironmentOverrideDefaults() throws IOException {
    Path file = home.resolve("agent.properties");
    Files.writeString(file, """
        team=platform
        cost-centre=CC-42
        user.id=alice
        topics.prefix=acme.
        privacy.hash-paths=true
        scan.interval=PT30S
        kafka.property.security.protocol=SSL
        state.dir=~/state
        """);
    Map<String, String> env = Map.of("TOKENLEDGER_BOOTSTRAP_SERVERS", "kafka:9092",
        "TOKENLEDGER_AGENT_TEAM", "payments", "TOKENLEDGER_REGISTRY_URL", "https://sr.example.com");
    AgentConfig c = new AgentConfigLoader(env, home).load(file);
    assertThat(c.identity().team()).contains("payments");
    assertThat(c.identity().costCentre()).contains("CC-42");
    assertThat(c.identity().userId()).contains("alice");
    assertThat(c.kafka().bootstrapServers()).isEqualTo("kafka:9092");
    assertThat(c.kafka().registryUrl()).isEqualTo("https://sr.example.com");
    assertThat(c.kafka().extra()).containsEntry("security.protocol", "SSL");
    assertThat(c.topics().usageEvents()).isEqualTo("acme.usage.events.v1");
    assertThat(c.hashPaths()).isTrue();
    assertThat(c.scan().interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.stateDir()).isEqualTo(home.resolve("state"));
    assertThat(c.source()).isEqualTo(file.toString());
  }

  @Test
  void configFileFromTheEnvironmentMustExist() {
    Map<String, String> env = Map.of(AgentConfigLoader.CONFIG_ENV, home.resolve("missing.properties").toString());
    assertThatThrownBy(() -> new AgentConfigLoader(env, home).load(null))
        .isInstanceOf(ConfigException.class).hasMessageContaining("does not exist");
  }

  @Test
  void everyProblemIsReportedAtOnce() throws IOException {
    Path file = home.resolve("bad.properties");
    Files.writeString(file, """
        kafka.bootstrap-servers=no port here
        scan.interval=5 seconds
        intake.port=70000
        privacy.hash-paths=maybe
        tema=typo
        kafka.property.acks=0
        org.id=acme|emea
        """);
    assertThatThrownBy(() -> new AgentConfigLoader(Map.of(), home).load(file))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(7)
            .anyMatch(p -> p.contains("org.id must not contain '|'"))
            .anyMatch(p -> p.contains("kafka.bootstrap-servers"))
            .anyMatch(p -> p.contains("scan.interval must be an ISO-8601 duration"))
            .anyMatch(p -> p.contains("intake.port must be between 0 and 65535"))
            .anyMatch(p -> p.contains("privacy.hash-paths must be true or false"))
            .anyMatch(p -> p.contains("unknown key 'tema'"))
            .anyMatch(p -> p.contains("kafka.property.acks is set by the agent")));
  }

  @Test
  void usageLimitsHaveDocumentedDefaultsAndAreConfigurable() throws IOException {
    AgentConfig d = new AgentConfigLoader(Map.of(), home).load(null);
    assertThat(d.limits()).isEqualTo(dev.tokenledger.agent.validation.UsageLimits.DEFAULTS);
    assertThat(d.limits().maxInputTokens()).isEqualTo(10_000_000);
    assertThat(d.limits().maxOutputTokens()).isEqualTo(1_000_000);
    assertThat(d.limits().maxClockSkew()).isEqualTo(Duration.ofMinutes(15));
    assertThat(d.limits().maxEventAge()).isEqualTo(Duration.ofDays(400));
    Path file = home.resolve("limits.properties");
    Files.writeString(file, """
        limits.max-input-tokens=2000000
        limits.max-cost-usd=25.5
        limits.max-event-age=P3650D
        """);
    AgentConfig c = new AgentConfigLoader(Map.of("TOKENLEDGER_AGENT_LIMITS_MAX_OUTPUT_TOKENS", "64000"), home).load(file);
    assertThat(c.limits().maxInputTokens()).isEqualTo(2_000_000);
    assertThat(c.limits().maxOutputTokens()).isEqualTo(64_000);
    assertThat(c.limits().maxCostUsd()).isEqualByComparingTo("25.5");
    assertThat(c.limits().maxEventAge()).isEqualTo(Duration.ofDays(3650));
    Files.writeString(file, """
        limits.max-input-tokens=0
        limits.max-cost-usd=1e3
        limits.max-clock-skew=-PT1M
        limits.max-event-age=forever
        """);
    assertThatThrownBy(() -> new AgentConfigLoader(Map.of(), home).load(file))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(4)
            .anyMatch(p -> p.contains("limits.max-input-tokens must be between 1 and"))
            .anyMatch(p -> p.contains("limits.max-cost-usd must be a positive decimal"))
            .anyMatch(p -> p.contains("limits.max-clock-skew must not be negative"))
            .anyMatch(p -> p.contains("limits.max-event-age must be an ISO-8601 duration")));
  }

  @Test
  void theHashSaltComesFromTheConfigOrAFileAndIsNeverPrinted() throws IOException {
    AgentConfig d = new AgentConfigLoader(Map.of(), home).load(null);
    assertThat(d.privacy().hashSalt()).isEmpty();
    assertThat(d.privacy().saltSource()).isEqualTo("org id");
    Path saltFile = home.resolve("salt");
    Files.writeString(saltFile, "  a-long-secret-salt-from-the-mdm\n");
    AgentConfig fromFile = new AgentConfigLoader(Map.of("TOKENLEDGER_AGENT_PRIVACY_HASH_SALT_FILE", saltFile.toString()), home)
        .load(null);
    assertThat(fromFile.privacy().hashSalt()).contains("a-long-secret-salt-from-the-mdm");
    assertThat(fromFile.toString()).doesNotContain("a-long-secret-salt-from-the-mdm");
    Path file = home.resolve("privacy.properties");
    Files.writeString(file, """
        privacy.hash-salt=short
        """);
    assertThatThrownBy(() -> new AgentConfigLoader(Map.of(), home).load(file))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement().asString()
            .contains("at least 16 characters").doesNotContain("short"));
    Files.writeString(file, "privacy.hash-salt=a-long-secret-salt-value\nprivacy.hash-salt-file=" + saltFile + "\n");
    assertThatThrownBy(() -> new AgentConfigLoader(Map.of(), home).load(file))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement().asString()
            .contains("both set"));
    Files.writeString(file, "privacy.hash-salt-file=" + home.resolve("missing") + "\n");
    assertThatThrownBy(() -> new AgentConfigLoader(Map.of(), home).load(file))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement().asString()
            .contains("cannot be read"));
  }

  @Test
  void theShippedReferenceConfigListsEveryKeyWithItsDefault() throws IOException {
    Properties reference = new Properties();
    try (InputStream in = getClass().getResourceAsStream("/tokenledger-agent.reference.properties")) {
      reference.load(in);
    }
    assertThat(reference.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(AgentConfigLoader.DEFAULTS.keySet());
    AgentConfigLoader.DEFAULTS.forEach((k, v) -> assertThat(reference.getProperty(k)).as(k).isEqualTo(v));
    Path copy = home.resolve("reference.properties");
    try (InputStream in = getClass().getResourceAsStream("/tokenledger-agent.reference.properties")) {
      Files.copy(in, copy);
    }
    assertThat(new AgentConfigLoader(Map.of(), home).load(copy).kafka().batchSize()).isEqualTo(2000);
  }

  @Test
  void environmentNamesFollowTheKeys() {
    assertThat(AgentConfigLoader.envName("kafka.bootstrap-servers")).isEqualTo("TOKENLEDGER_AGENT_KAFKA_BOOTSTRAP_SERVERS");
  }
}
