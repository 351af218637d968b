package dev.tokenledger.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
  void tomlFileThenEnvironmentOverrideDefaults() throws IOException {
    Path file = home.resolve("agent.toml");
    Files.writeString(file, """
        [user]
        id = "alice"
        team = "platform"
        cost_centre = "CC-42"
        [topics]
        prefix = "acme."
        [privacy]
        hash_paths = true
        [scan]
        interval = "30s"
        commit_bytes = 1_048_576
        [state]
        dir = "~/state"
        [kafka.property]
        "security.protocol" = "SSL"
        sasl.mechanism = "PLAIN"
        """);
    Map<String, String> env = Map.of("TOKENLEDGER_BOOTSTRAP_SERVERS", "kafka:9092",
        "TOKENLEDGER_AGENT_TEAM", "payments", "TOKENLEDGER_REGISTRY_URL", "https://sr.example.com");
    AgentConfigLoader loader = new AgentConfigLoader(env, home);
    AgentConfig c = loader.load(file);
    assertThat(c.identity().team()).contains("payments");
    assertThat(c.identity().costCentre()).contains("CC-42");
    assertThat(c.identity().userId()).contains("alice");
    assertThat(c.kafka().bootstrapServers()).isEqualTo("kafka:9092");
    assertThat(c.kafka().registryUrl()).isEqualTo("https://sr.example.com");
    assertThat(c.kafka().extra()).containsEntry("security.protocol", "SSL").containsEntry("sasl.mechanism", "PLAIN");
    assertThat(c.topics().usageEvents()).isEqualTo("acme.usage.events.v1");
    assertThat(c.hashPaths()).isTrue();
    assertThat(c.scan().interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.scan().commitBytes()).isEqualTo(1_048_576);
    assertThat(c.stateDir()).isEqualTo(home.resolve("state"));
    assertThat(c.source()).isEqualTo(file.toString());
    assertThat(loader.notices()).isEmpty();
  }

  @Test
  void theDefaultFileIsAgentTomlInTheXdgConfigDirectory() throws IOException {
    Path dir = Files.createDirectories(home.resolve("xdg/tokenledger"));
    Files.writeString(dir.resolve("agent.toml"), "[intake]\nport = 5000\n");
    AgentConfigLoader loader = new AgentConfigLoader(Map.of("XDG_CONFIG_HOME", home.resolve("xdg").toString()), home);
    assertThat(loader.defaultConfigFile()).isEqualTo(dir.resolve("agent.toml"));
    AgentConfig c = loader.load(null);
    assertThat(c.intake().port()).isEqualTo(5000);
    assertThat(c.source()).isEqualTo(dir.resolve("agent.toml").toString());
    assertThat(new AgentConfigLoader(Map.of(), home).defaultConfigFile())
        .isEqualTo(home.resolve(".config/tokenledger/agent.toml"));
  }

  @Test
  void configFileFromTheEnvironmentMustExist() {
    Map<String, String> env = Map.of(AgentConfigLoader.CONFIG_ENV, home.resolve("missing.toml").toString());
    assertThatThrownBy(() -> new AgentConfigLoader(env, home).load(null))
        .isInstanceOf(ConfigException.class).hasMessageContaining("does not exist");
  }

  @Test
  void everyProblemOfATomlFileIsReportedAtOnce() throws IOException {
    Path file = home.resolve("bad.toml");
    Files.writeString(file, """
        [org]
        id = "acme|emea"
        [kafka]
        bootstrap_servers = "no port here"
        [kafka.property]
        acks = "0"
        [scan]
        interval = "5 seconds"
        threads = "two"
        [intake]
        port = 70000
        [privacy]
        hash_paths = "maybe"
        [user]
        tema = "typo"
        [kafka_settings]
        x = 1
        """);
    assertThatThrownBy(() -> new AgentConfigLoader(Map.of(), home).load(file))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(9)
            .anyMatch(p -> p.contains("org.id must not contain '|'"))
            .anyMatch(p -> p.contains("kafka.bootstrap-servers must be host:port"))
            .anyMatch(p -> p.contains("scan.interval must be a duration such as 10s"))
            .anyMatch(p -> p.startsWith("scan.threads: expected an integer"))
            .anyMatch(p -> p.contains("intake.port must be between 0 and 65535"))
            .anyMatch(p -> p.startsWith("privacy.hash_paths: expected true or false"))
            .anyMatch(p -> p.startsWith("unknown key user.tema"))
            .anyMatch(p -> p.startsWith("unknown section [kafka_settings]"))
            .anyMatch(p -> p.contains("kafka.property.acks is set by the agent")));
  }

  @Test
  void aTomlSyntaxErrorIsReported() throws IOException {
    Path file = home.resolve("broken.toml");
    Files.writeString(file, "[kafka\nbootstrap_servers = \n");
    assertThatThrownBy(() -> new AgentConfigLoader(Map.of(), home).load(file))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement().asString()
            .startsWith("cannot read " + file));
  }

  @Test
  void usageLimitsHaveDocumentedDefaultsAndAreConfigurable() throws IOException {
    AgentConfig d = new AgentConfigLoader(Map.of(), home).load(null);
    assertThat(d.limits()).isEqualTo(dev.tokenledger.agent.validation.UsageLimits.DEFAULTS);
    assertThat(d.limits().maxInputTokens()).isEqualTo(10_000_000);
    assertThat(d.limits().maxOutputTokens()).isEqualTo(1_000_000);
    assertThat(d.limits().maxClockSkew()).isEqualTo(Duration.ofMinutes(15));
    assertThat(d.limits().maxEventAge()).isEqualTo(Duration.ofDays(3650));
    Path file = home.resolve("limits.toml");
    Files.writeString(file, """
        [limits]
        max_input_tokens = 2000000
        max_cost_usd = "25.5"
        max_event_age = "3650d"
        """);
    AgentConfig c = new AgentConfigLoader(Map.of("TOKENLEDGER_AGENT_LIMITS_MAX_OUTPUT_TOKENS", "64000"), home).load(file);
    assertThat(c.limits().maxInputTokens()).isEqualTo(2_000_000);
    assertThat(c.limits().maxOutputTokens()).isEqualTo(64_000);
    assertThat(c.limits().maxCostUsd()).isEqualByComparingTo("25.5");
    assertThat(c.limits().maxEventAge()).isEqualTo(Duration.ofDays(3650));
    Files.writeString(file, "[limits]\nmax_cost_usd = 250\n");
    assertThat(new AgentConfigLoader(Map.of(), home).load(file).limits().maxCostUsd()).isEqualByComparingTo("250");
    Files.writeString(file, """
        [limits]
        max_input_tokens = 0
        max_cost_usd = "1e3"
        max_clock_skew = "-PT1M"
        max_event_age = "forever"
        """);
    assertThatThrownBy(() -> new AgentConfigLoader(Map.of(), home).load(file))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(4)
            .anyMatch(p -> p.contains("limits.max-input-tokens must be between 1 and"))
            .anyMatch(p -> p.contains("limits.max-cost-usd must be a positive decimal"))
            .anyMatch(p -> p.contains("limits.max-clock-skew must not be negative"))
            .anyMatch(p -> p.contains("limits.max-event-age must be a duration")));
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
    Path file = home.resolve("privacy.toml");
    Files.writeString(file, "[privacy]\nhash_salt = \"short\"\n");
    assertThatThrownBy(() -> new AgentConfigLoader(Map.of(), home).load(file))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement().asString()
            .contains("at least 16 characters").doesNotContain("short"));
    Files.writeString(file, "[privacy]\nhash_salt = \"a-long-secret-salt-value\"\nhash_salt_file = \"" + saltFile + "\"\n");
    assertThatThrownBy(() -> new AgentConfigLoader(Map.of(), home).load(file))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement().asString()
            .contains("both set"));
    Files.writeString(file, "[privacy]\nhash_salt_file = \"" + home.resolve("missing") + "\"\n");
    assertThatThrownBy(() -> new AgentConfigLoader(Map.of(), home).load(file))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement().asString()
            .contains("cannot be read"));
  }

  @Test
  void theEfficiencyInputsAreOnByDefaultAndEachCanBeTurnedOff() throws IOException {
    AgentConfig d = new AgentConfigLoader(Map.of(), home).load(null);
    assertThat(d.efficiency()).isEqualTo(new AgentConfig.Efficiency(true, true, java.time.Duration.ofMinutes(15),
        java.time.Duration.ofSeconds(10)));
    Path file = home.resolve("efficiency.toml");
    Files.writeString(file, "[efficiency]\ncommits = false\nsession_idle = \"30m\"\n");
    AgentConfig off = new AgentConfigLoader(Map.of("TOKENLEDGER_AGENT_EFFICIENCY_MCP_INVENTORY", "false"), home).load(file);
    assertThat(off.efficiency().commits()).isFalse();
    assertThat(off.efficiency().mcpInventory()).isFalse();
    assertThat(off.efficiency().sessionIdle()).isEqualTo(java.time.Duration.ofMinutes(30));
    Files.writeString(file, "[efficiency]\nsession_idle = \"0s\"\n");
    assertThatThrownBy(() -> new AgentConfigLoader(Map.of(), home).load(file))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement().asString()
            .contains("efficiency.session-idle must be positive"));
  }

  @Test
  void theShippedReferenceConfigParsesToExactlyTheDefaultsAndListsExactlyTheKnownKeys() throws IOException {
    Path copy = home.resolve("agent.reference.toml");
    try (InputStream in = getClass().getResourceAsStream("/config/agent.reference.toml")) {
      Files.copy(in, copy);
    }
    JsonNode tree = new TomlMapper().readTree(Files.readString(copy));
    Map<String, Set<String>> listed = new LinkedHashMap<>();
    tree.fields().forEachRemaining(s -> {
      Set<String> keys = new TreeSet<>();
      s.getValue().fieldNames().forEachRemaining(keys::add);
      listed.put(s.getKey(), keys);
    });
    Map<String, Set<String>> known = new LinkedHashMap<>();
    AgentTomlFile.keyTable().forEach((section, keys) -> known.put(section, new TreeSet<>(keys)));
    known.get("kafka").remove(AgentTomlFile.EXTRA_TABLE); // shown commented out: it has no default
    assertThat(listed).isEqualTo(known);
    AgentConfigLoader.DEFAULTS.forEach((key, value) -> {
      String[] k = AgentTomlFile.tomlKey(key);
      assertThat(tree.path(k[0]).path(k[1]).asText()).as(key).isEqualTo(value);
    });
    AgentConfigLoader loader = new AgentConfigLoader(Map.of(), home);
    AgentConfig fromFile = loader.load(copy);
    AgentConfig defaults = new AgentConfigLoader(Map.of(), home).load(null);
    assertThat(fromFile).usingRecursiveComparison().ignoringFields("source", "identity.sources").isEqualTo(defaults);
    assertThat(fromFile.identity().sources()).containsOnlyKeys("org.id"); // the reference sets only org.id
    assertThat(loader.notices()).isEmpty();
  }

  @Test
  void theEffectiveConfigurationIsValidTomlWithSecretsMasked() throws IOException {
    Path file = home.resolve("agent.toml");
    Files.writeString(file, """
        [privacy]
        hash_salt = "a-long-secret-salt-value"
        [kafka.property]
        "sasl.jaas.config" = "PlainLoginModule required password=\\"hunter2\\";"
        "security.protocol" = "SASL_SSL"
        """);
    AgentConfigLoader loader = new AgentConfigLoader(Map.of("TOKENLEDGER_AGENT_TEAM", "payments"), home);
    AgentConfig c = loader.load(file);
    String effective = loader.effectiveToml(c);
    assertThat(effective).doesNotContain("a-long-secret-salt-value").doesNotContain("hunter2")
        .contains("team = \"payments\"").contains("\"security.protocol\" = \"SASL_SSL\"")
        .contains("port = 4319").contains("interval = \"10s\"")
        .contains("dir = \"" + home.resolve(".local/state/tokenledger-agent") + "\"");
    Path again = home.resolve("effective.toml");
    Files.writeString(again, effective.replace("hash_salt = \"********\"", "hash_salt = \"\""));
    AgentConfig reread = new AgentConfigLoader(Map.of(), home).load(again);
    assertThat(reread.identity()).usingRecursiveComparison().ignoringFields("sources").isEqualTo(c.identity());
    assertThat(c.identity().source("team")).isEqualTo("env TOKENLEDGER_AGENT_TEAM");
    assertThat(reread.identity().source("team")).isEqualTo("file " + again);
    assertThat(reread.scan()).isEqualTo(c.scan());
    assertThat(reread.limits()).isEqualTo(c.limits());
  }

  @Test
  void keysMapToSectionsNamedAfterTheirPrefix() {
    assertThat(AgentTomlFile.tomlName("kafka.bootstrap-servers")).isEqualTo("[kafka] bootstrap_servers");
    assertThat(AgentTomlFile.tomlName("limits.max-cache-read-tokens")).isEqualTo("[limits] max_cache_read_tokens");
    assertThat(AgentTomlFile.tomlName("privacy.hash-salt-file")).isEqualTo("[privacy] hash_salt_file");
    assertThat(AgentTomlFile.tomlName("team")).isEqualTo("[user] team");
    assertThat(AgentTomlFile.tomlName("cost-centre")).isEqualTo("[user] cost_centre");
    assertThat(AgentTomlFile.tomlName("kafka.property.security.protocol")).isEqualTo("[kafka.property] \"security.protocol\"");
    AgentConfigLoader.DEFAULTS.keySet().forEach(key -> {
      String[] k = AgentTomlFile.tomlKey(key);
      String env = AgentConfigLoader.envName(key);
      assertThat(env).as(key).isIn("TOKENLEDGER_AGENT_" + (k[0] + "_" + k[1]).toUpperCase(java.util.Locale.ROOT),
          "TOKENLEDGER_AGENT_TEAM", "TOKENLEDGER_AGENT_COST_CENTRE");
    });
  }

  // --- The former properties format, still read (deprecated) -------------------------------------

  @Test
  void aPropertiesFileAloneAtTheFormerDefaultLocationIsReadWithADeprecationNotice() throws IOException {
    Path dir = Files.createDirectories(home.resolve(".config/tokenledger"));
    Files.writeString(dir.resolve("agent.properties"), """
        team=platform
        kafka.bootstrap-servers=kafka:9092
        scan.interval=PT30S
        kafka.property.security.protocol=SSL
        """);
    AgentConfigLoader loader = new AgentConfigLoader(Map.of(), home);
    AgentConfig c = loader.load(null);
    assertThat(c.identity().team()).contains("platform");
    assertThat(c.kafka().bootstrapServers()).isEqualTo("kafka:9092");
    assertThat(c.scan().interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.kafka().extra()).containsEntry("security.protocol", "SSL");
    assertThat(c.source()).isEqualTo(dir.resolve("agent.properties").toString());
    assertThat(loader.notices()).singleElement().asString()
        .contains("deprecated properties format")
        .contains(dir.resolve("agent.toml").toString())
        .contains("kafka.bootstrap-servers → [kafka] bootstrap_servers")
        .contains("team → [user] team")
        .contains("kafka.property.security.protocol → [kafka.property] \"security.protocol\"")
        .doesNotContain("kafka:9092")
        .doesNotContain("\n");
  }

  @Test
  void whenBothFilesExistTheTomlFileIsUsedAndThePropertiesFileIgnoredWithAWarning() throws IOException {
    Path dir = Files.createDirectories(home.resolve(".config/tokenledger"));
    Files.writeString(dir.resolve("agent.properties"), "team=from-properties\n");
    Files.writeString(dir.resolve("agent.toml"), "[user]\nteam = \"from-toml\"\n");
    AgentConfigLoader loader = new AgentConfigLoader(Map.of(), home);
    AgentConfig c = loader.load(null);
    assertThat(c.identity().team()).contains("from-toml");
    assertThat(c.source()).isEqualTo(dir.resolve("agent.toml").toString());
    assertThat(loader.notices()).singleElement().asString()
        .contains(dir.resolve("agent.properties") + " is ignored").contains(dir.resolve("agent.toml").toString());
  }

  @Test
  void aPropertiesFileNamedExplicitlyIsReadAsBefore() throws IOException {
    Path file = home.resolve("managed.properties");
    Files.writeString(file, "user.id=alice\npublish.request-timeout=PT20S\nlimits.max-event-age=P3650D\n");
    AgentConfigLoader loader = new AgentConfigLoader(Map.of(AgentConfigLoader.CONFIG_ENV, file.toString()), home);
    AgentConfig c = loader.load(null);
    assertThat(c.identity().userId()).contains("alice");
    assertThat(c.kafka().requestTimeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(c.limits().maxEventAge()).isEqualTo(Duration.ofDays(3650));
    assertThat(loader.notices()).singleElement().asString().contains("user.id → [user] id");
  }

  @Test
  void everyProblemOfAPropertiesFileIsReportedAtOnce() throws IOException {
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
            .anyMatch(p -> p.contains("scan.interval must be a duration"))
            .anyMatch(p -> p.contains("intake.port must be between 0 and 65535"))
            .anyMatch(p -> p.contains("privacy.hash-paths must be true or false"))
            .anyMatch(p -> p.contains("unknown key 'tema'"))
            .anyMatch(p -> p.contains("kafka.property.acks is set by the agent")));
  }

  @Test
  void environmentNamesFollowTheKeys() {
    assertThat(AgentConfigLoader.envName("kafka.bootstrap-servers")).isEqualTo("TOKENLEDGER_AGENT_KAFKA_BOOTSTRAP_SERVERS");
  }
}
