package dev.tokenledger.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent reads the shared Kafka security keys (its TOML, its own variables and the roles' variables). */
class AgentKafkaSecurityTest {

  @TempDir
  Path home;

  @Test
  void scramOverTlsBecomesProducerPropertiesAndThePasswordsAreMaskedWhenPrinted() throws Exception {
    Path trust = Files.writeString(home.resolve("ca.pem"), "pem");
    Path file = Files.writeString(home.resolve("agent.toml"), """
        [kafka]
        security_protocol = "SASL_SSL"
        sasl_mechanism = "SCRAM-SHA-512"
        sasl_username = "agent-alice"
        ssl_truststore_location = "~/ca.pem"
        """);
    AgentConfigLoader loader = new AgentConfigLoader(Map.of("TOKENLEDGER_AGENT_KAFKA_SASL_PASSWORD", "ag3nt-pw"), home);
    AgentConfig c = loader.load(file);
    assertThat(c.kafka().extra()).containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("ssl.truststore.location", trust.toString())
        .containsEntry("ssl.truststore.type", "PEM");
    assertThat(c.kafka().extra().get("sasl.jaas.config")).contains("username=\"agent-alice\"", "password=\"ag3nt-pw\"");
    assertThat(loader.effectiveToml(c)).contains("sasl_username = \"agent-alice\"").doesNotContain("ag3nt-pw");

    AgentConfig viaRoleVariable = new AgentConfigLoader(Map.of("TOKENLEDGER_KAFKA_SASL_PASSWORD", "r0le-pw"), home).load(file);
    assertThat(viaRoleVariable.kafka().extra().get("sasl.jaas.config")).contains("password=\"r0le-pw\"");
  }

  @Test
  void aMissingPasswordAndASecondJaasLineAreReported() throws Exception {
    Path file = Files.writeString(home.resolve("agent.toml"), """
        [kafka]
        security_protocol = "SASL_PLAINTEXT"
        sasl_mechanism = "PLAIN"
        sasl_username = "bob"
        [kafka.property]
        "sasl.mechanism" = "PLAIN"
        """);
    assertThatThrownBy(() -> new AgentConfigLoader(Map.of(), home).load(file)).isInstanceOfSatisfying(ConfigException.class,
        e -> assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains("kafka.sasl_password", "required"))
            .anySatisfy(p -> assertThat(p).contains("kafka.property.sasl.mechanism is also set")));
  }

  @Test
  void withoutSecurityKeysNothingIsAdded() {
    assertThat(new AgentConfigLoader(Map.of(), home).load(null).kafka().extra()).isEmpty();
  }

  @Test
  void aRegistryPasswordInTheUrlIsMaskedWhenPrinted() {
    AgentConfigLoader loader = new AgentConfigLoader(
        Map.of("TOKENLEDGER_REGISTRY_URL", "https://agents:r3g-pw@registry.example.com/apis/ccompat/v7"), home);
    AgentConfig c = loader.load(null);
    assertThat(loader.effectiveToml(c)).contains("https://agents:********@registry.example.com/apis/ccompat/v7")
        .doesNotContain("r3g-pw");
  }
}
