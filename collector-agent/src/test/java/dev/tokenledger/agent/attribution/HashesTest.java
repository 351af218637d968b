package dev.tokenledger.agent.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenledger.agent.config.AgentConfig;
import dev.tokenledger.agent.config.AgentConfigLoader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HashesTest {

  static final String PATH = "/home/alice/secret-project";

  @TempDir
  Path home;

  @Test
  void pathsAreHashedWithTheOrganisationsSalt() {
    // pinned: HMAC-SHA-256 keyed "tokenledger/org-salt/acme", first 8 bytes; before: plain sha-256 (dfc2c5a8e801bd23),
    // the same in every organisation and open to anyone hashing guessed paths
    assertThat(Hashes.forOrg("acme").hash16(PATH)).isEqualTo("555626c90ab66ded");
    assertThat(Hashes.withSalt("0123456789abcdef-acme-secret").hash16(PATH)).isEqualTo("b72b5a06ded80d2e");
    assertThat(Hashes.forOrg("acme").hash16(PATH)).isNotEqualTo("dfc2c5a8e801bd23")
        .isNotEqualTo(Hashes.forOrg("globex").hash16(PATH))
        .isEqualTo(Hashes.forOrg("acme").hash16(PATH));
    assertThatThrownBy(() -> Hashes.withSalt("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theConfiguredSaltWinsOverTheOrgIdAndTheHostIsHashedWithIt() {
    AgentConfig byOrg = new AgentConfigLoader(Map.of("TOKENLEDGER_AGENT_ORG_ID", "acme",
        "TOKENLEDGER_AGENT_PRIVACY_HASH_PATHS", "true"), home).load(null);
    assertThat(Hashes.of(byOrg).hash16(PATH)).isEqualTo("555626c90ab66ded");
    AgentConfig secret = new AgentConfigLoader(Map.of("TOKENLEDGER_AGENT_ORG_ID", "acme",
        "TOKENLEDGER_AGENT_PRIVACY_HASH_PATHS", "true",
        "TOKENLEDGER_AGENT_PRIVACY_HASH_SALT", "0123456789abcdef-acme-secret"), home).load(null);
    assertThat(Hashes.of(secret).hash16(PATH)).isEqualTo("b72b5a06ded80d2e");
    String hostName = MachineIdentity.hostName(Map.of());
    assertThat(MachineIdentity.resolve(secret, Map.of("USER", "alice")).host())
        .isEqualTo("host:" + Hashes.withSalt("0123456789abcdef-acme-secret").hash16(hostName));
    assertThat(MachineIdentity.resolve(byOrg, Map.of("USER", "alice")).host())
        .isEqualTo("host:" + Hashes.forOrg("acme").hash16(hostName));
  }
}
