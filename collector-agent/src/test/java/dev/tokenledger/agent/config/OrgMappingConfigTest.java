package dev.tokenledger.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code [org] mapping*} keys and the sources of the identity keys (ADR 0144). */
class OrgMappingConfigTest {

  @TempDir
  Path home;

  @Test
  void noMappingByDefault() {
    AgentConfig c = new AgentConfigLoader(Map.of(), home).load(null);
    assertThat(c.orgMapping().location()).isEmpty();
    assertThat(c.orgMapping().refresh()).isEqualTo(Duration.ofHours(1));
    assertThat(c.identity().source("team")).isEqualTo("default");
  }

  @Test
  void anHttpsUrlWithATokenVariableAndARefreshFromTheFile() throws IOException {
    Path file = Files.writeString(home.resolve("agent.toml"), """
        [org]
        id = "acme"
        mapping = "https://config.example.com/org-mapping.json"
        mapping_token_env = "ORG_MAPPING_TOKEN"
        mapping_refresh = "15m"
        """);
    AgentConfig c = new AgentConfigLoader(Map.of(), home).load(file);
    assertThat(c.orgMapping().location()).contains("https://config.example.com/org-mapping.json");
    assertThat(c.orgMapping().isUrl()).isTrue();
    assertThat(c.orgMapping().tokenEnv()).contains("ORG_MAPPING_TOKEN");
    assertThat(c.orgMapping().refresh()).isEqualTo(Duration.ofMinutes(15));
    assertThat(c.identity().source("org.id")).isEqualTo("file " + file);
  }

  @Test
  void theEnvironmentNamesAFileAndHomeIsExpanded() {
    AgentConfig c = new AgentConfigLoader(Map.of("TOKENLEDGER_AGENT_ORG_MAPPING", "~/org/mapping.csv",
        "TOKENLEDGER_AGENT_USER_EMAIL", "ada@example.com"), home).load(null);
    assertThat(c.orgMapping().location()).contains(home.resolve("org/mapping.csv").toString());
    assertThat(c.orgMapping().isUrl()).isFalse();
    assertThat(c.identity().source("user.email")).isEqualTo("env TOKENLEDGER_AGENT_USER_EMAIL");
  }

  @Test
  void plainHttpIsAcceptedOnlyToALoopbackAddress() {
    AgentConfig local = new AgentConfigLoader(Map.of("TOKENLEDGER_AGENT_ORG_MAPPING", "http://127.0.0.1:8080/m.json"),
        home).load(null);
    assertThat(local.orgMapping().isUrl()).isTrue();
    assertThatThrownBy(() -> new AgentConfigLoader(Map.of("TOKENLEDGER_AGENT_ORG_MAPPING",
        "http://config.example.com/m.json"), home).load(null))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement().asString()
            .contains("org.mapping must be an https:// URL"));
  }

  @Test
  void everyBadMappingKeyIsReportedAtOnce() throws IOException {
    Path file = Files.writeString(home.resolve("agent.toml"), """
        [org]
        mapping = "relative/mapping.json"
        mapping_token_env = "NOT-A-NAME"
        mapping_refresh = "10s"
        """);
    assertThatThrownBy(() -> new AgentConfigLoader(Map.of(), home).load(file))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).anySatisfy(
                p -> assertThat(p).contains("org.mapping-refresh must be at least 1m"))
            .anySatisfy(p -> assertThat(p).contains("org.mapping-token-env must name an environment variable"))
            .anySatisfy(p -> assertThat(p).contains("org.mapping must be an absolute file path"))
            .anySatisfy(p -> assertThat(p).contains("org.mapping-token-env is only used with an https")));
  }

  @Test
  void credentialsInTheUrlAreRefused() {
    assertThatThrownBy(() -> new AgentConfigLoader(Map.of("TOKENLEDGER_AGENT_ORG_MAPPING",
        "https://me:secret@config.example.com/m.json"), home).load(null))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement().asString()
            .contains("must not carry credentials").doesNotContain("secret@"));
  }
}
