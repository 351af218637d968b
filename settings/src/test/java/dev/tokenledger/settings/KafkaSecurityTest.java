package dev.tokenledger.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kafka client security and registry credentials: parsing, precedence, the client properties, masking. */
class KafkaSecurityTest {

  @TempDir
  Path dir;

  private TomlSettings toml(String text) throws Exception {
    Set<String> keys = new HashSet<>(KafkaSecurity.KEYS);
    keys.addAll(RegistryCredentials.KEYS);
    Path f = dir.resolve("role.toml");
    Files.writeString(f, text);
    return new TomlSettings(Optional.of(f), Map.of("kafka", keys));
  }

  @Test
  void plaintextByDefaultAddsNoProperties() throws Exception {
    TomlSettings t = toml("");
    KafkaSecurity s = KafkaSecurity.parse(t, "kafka", Map.of());
    t.throwIfErrors();
    assertThat(s.protocol()).isEqualTo(KafkaSecurity.Protocol.PLAINTEXT);
    assertThat(s.clientProperties()).isEmpty();
  }

  @Test
  void scramOverTlsFromTheFileWithThePasswordFromTheEnvironment() throws Exception {
    Path trust = Files.writeString(dir.resolve("trust.p12"), "x");
    TomlSettings t = toml("[kafka]\nsecurity_protocol = \"SASL_SSL\"\nsasl_mechanism = \"scram-sha-512\"\n"
        + "sasl_username = \"sink\"\nssl_truststore_location = \"trust.p12\"\n");
    KafkaSecurity s = KafkaSecurity.parse(t, "kafka",
        Map.of("TOKENLEDGER_KAFKA_SASL_PASSWORD", "pa\"ss\\word", "TOKENLEDGER_KAFKA_SSL_TRUSTSTORE_PASSWORD", "trustpw"));
    t.throwIfErrors();
    assertThat(s.clientProperties()).containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry("sasl.jaas.config",
            "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"sink\" password=\"pa\\\"ss\\\\word\";")
        .containsEntry("ssl.truststore.location", trust.toAbsolutePath().toString())
        .containsEntry("ssl.truststore.type", "PKCS12")
        .containsEntry("ssl.truststore.password", "trustpw")
        .containsEntry("ssl.endpoint.identification.algorithm", "https");
    assertThat(s.toString()).contains("sink", "SCRAM-SHA-512").doesNotContain("pa\"ss", "trustpw");
  }

  @Test
  void theEnvironmentWinsAndAPasswordFileIsReadWithoutItsLineBreak() throws Exception {
    Path pw = Files.writeString(dir.resolve("pw"), "s3cret\n");
    TomlSettings t = toml("[kafka]\nsecurity_protocol = \"SASL_SSL\"\nsasl_mechanism = \"PLAIN\"\nsasl_username = \"file-user\"\n");
    KafkaSecurity s = KafkaSecurity.parse(t, "kafka", Map.of("TOKENLEDGER_KAFKA_SECURITY_PROTOCOL", "sasl_plaintext",
        "TOKENLEDGER_KAFKA_SASL_USERNAME", "env-user", "TOKENLEDGER_KAFKA_SASL_PASSWORD_FILE", pw.toString()));
    t.throwIfErrors();
    assertThat(s.protocol()).isEqualTo(KafkaSecurity.Protocol.SASL_PLAINTEXT);
    assertThat(s.clientProperties().get("sasl.jaas.config"))
        .isEqualTo("org.apache.kafka.common.security.plain.PlainLoginModule required username=\"env-user\" password=\"s3cret\";");
    assertThat(s.clientProperties()).doesNotContainKey("ssl.endpoint.identification.algorithm");
  }

  @Test
  void everyProblemIsReportedAtOnceWithoutThePassword() throws Exception {
    TomlSettings t = toml("[kafka]\nsecurity_protocol = \"SASL_SSL\"\nsasl_mechanism = \"GSSAPI\"\n"
        + "ssl_truststore_location = \"missing.p12\"\nssl_keystore_password = \"kspw\"\n");
    KafkaSecurity.parse(t, "kafka", Map.of());
    assertThatThrownBy(t::throwIfErrors).isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).errors()).hasSize(5))
        .hasMessageContaining("kafka.sasl_mechanism / TOKENLEDGER_KAFKA_SASL_MECHANISM: expected PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512, got 'GSSAPI'")
        .hasMessageContaining("kafka.sasl_username / TOKENLEDGER_KAFKA_SASL_USERNAME: required")
        .hasMessageContaining("kafka.sasl_password / TOKENLEDGER_KAFKA_SASL_PASSWORD: required")
        .hasMessageContaining("missing.p12 is not a readable file")
        .hasMessageContaining("kafka.ssl_keystore_password / TOKENLEDGER_KAFKA_SSL_KEYSTORE_PASSWORD: set without ssl_keystore_location")
        .message().doesNotContain("kspw");
  }

  @Test
  void credentialsWithoutASaslProtocolAreRefused() throws Exception {
    TomlSettings t = toml("[kafka]\nsasl_username = \"u\"\nsasl_password = \"p\"\n");
    KafkaSecurity.parse(t, "kafka", Map.of());
    assertThatThrownBy(t::throwIfErrors).hasMessageContaining("a SASL user or mechanism is set but the protocol is PLAINTEXT");
  }

  @Test
  void anInlinePasswordAndAPasswordFileTogetherAreRefused() throws Exception {
    TomlSettings t = toml("[kafka]\nsecurity_protocol = \"SASL_PLAINTEXT\"\nsasl_mechanism = \"PLAIN\"\nsasl_username = \"u\"\n"
        + "sasl_password = \"p\"\nsasl_password_file = \"pw\"\n");
    KafkaSecurity.parse(t, "kafka", Map.of());
    assertThatThrownBy(t::throwIfErrors).hasMessageContaining("set one of the two, not both");
  }

  @Test
  void registryCredentialsBecomeBasicAuthAndAreMasked() throws Exception {
    TomlSettings t = toml("[kafka]\nregistry_user = \"sr-user\"\n");
    RegistryCredentials c = RegistryCredentials.parse(t, "kafka", Map.of("TOKENLEDGER_REGISTRY_PASSWORD", "srpw"));
    t.throwIfErrors();
    assertThat(c.basicAuth()).contains("sr-user:srpw");
    assertThat(c.toString()).isEqualTo("sr-user:********");
    assertThat(RegistryCredentials.none().basicAuth()).isEmpty();
    TomlSettings bad = toml("");
    RegistryCredentials.parse(bad, "kafka", Map.of("TOKENLEDGER_REGISTRY_PASSWORD", "srpw"));
    assertThatThrownBy(bad::throwIfErrors).hasMessageContaining("set without a user").message().doesNotContain("srpw");
  }
}
