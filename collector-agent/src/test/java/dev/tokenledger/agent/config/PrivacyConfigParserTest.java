package dev.tokenledger.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivacyConfigParserTest {

  @TempDir
  Path home;

  private static ConfigValues values(Map<String, String> overrides, List<String> problems) {
    Map<String, String> v = new TreeMap<>(AgentConfigLoader.DEFAULTS);
    v.putAll(overrides);
    return new ConfigValues(v, problems);
  }

  @Test
  void withoutASaltTheOrgIdIsTheSaltSource() {
    List<String> problems = new ArrayList<>();
    AgentConfig.Privacy p = PrivacyConfigParser.parse(values(Map.of("privacy.hash-paths", "true"), problems), home);
    assertThat(problems).isEmpty();
    assertThat(p.hashSalt()).isEmpty();
    assertThat(p.saltSource()).isEqualTo("org id");
  }

  @Test
  void aSaltFileUnderHomeIsReadTrimmed() throws IOException {
    Files.writeString(home.resolve("salt"), "  0123456789abcdef0123\n");
    List<String> problems = new ArrayList<>();
    AgentConfig.Privacy p = PrivacyConfigParser.parse(values(Map.of("privacy.hash-salt-file", "~/salt"), problems), home);
    assertThat(problems).isEmpty();
    assertThat(p.hashSalt()).contains("0123456789abcdef0123");
    assertThat(p.saltSource()).isEqualTo(home.resolve("salt").toString());
  }

  @Test
  void aShortSaltAndTwoSaltsAreProblems() {
    List<String> problems = new ArrayList<>();
    PrivacyConfigParser.parse(values(Map.of("privacy.hash-salt", "short"), problems), home);
    PrivacyConfigParser.parse(values(Map.of("privacy.hash-salt", "a-long-secret-salt-value",
        "privacy.hash-salt-file", "/x"), problems), home);
    assertThat(problems).containsExactly(
        "privacy.hash-salt: the hash salt must be at least 16 characters (it was 5); use a random value such as the"
            + " output of `openssl rand -hex 32`",
        "privacy.hash-salt and privacy.hash-salt-file are both set; set one");
  }
}
