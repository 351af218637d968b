package dev.tokenledger.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenSecretsTest {

  private final TokenSecrets secrets = new TokenSecrets();

  @Test
  void aTokenIsPrefixIdAndA256BitSecretAndParsesBack() {
    TokenSecrets.Parts p = secrets.generate();
    assertThat(p.id()).hasSize(12).matches("[A-Za-z0-9]{12}");
    assertThat(p.secret()).hasSize(43).matches("[A-Za-z0-9_-]{43}");
    assertThat(p.plaintext()).isEqualTo("tlk_" + p.id() + "_" + p.secret());
    assertThat(TokenSecrets.parse(p.plaintext())).isEqualTo(p);
    assertThat(p.toString()).doesNotContain(p.secret());
  }

  @Test
  void tokensAreRandom() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      TokenSecrets.Parts p = secrets.generate();
      assertThat(seen.add(p.id())).isTrue();
      assertThat(seen.add(p.secret())).isTrue();
    }
  }

  @Test
  void theStoredHashIsHexSha256AndMatchesOnlyItsSecret() {
    // SHA-256("abc") from FIPS 180-2.
    assertThat(TokenSecrets.sha256Hex("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    TokenSecrets.Parts p = secrets.generate();
    String hash = TokenSecrets.sha256Hex(p.secret());
    assertThat(TokenSecrets.matches(p.secret(), hash)).isTrue();
    assertThat(TokenSecrets.matches(p.secret() + "x", hash)).isFalse();
    assertThat(TokenSecrets.matches(p.secret(), "not hex")).isFalse();
  }

  @Test
  void malformedTokensAreRefusedWithoutEchoingThem() {
    String good = secrets.generate().plaintext();
    for (String bad : new String[] {"", "tlk_", good + "x", good.substring(1), good.replace("tlk_", "tlx_"),
        "tlk_abc!defghijk_" + good.substring(17), good.substring(0, 16) + "-" + good.substring(17),
        good.substring(0, 20) + "=" + good.substring(21)}) {
      assertThatThrownBy(() -> TokenSecrets.parse(bad)).as(bad).isInstanceOf(AuthenticationException.class)
          .hasMessage("malformed API token: expected tlk_<id>_<secret>");
    }
    assertThat(TokenSecrets.looksLikeToken(good)).isTrue();
    assertThat(TokenSecrets.looksLikeToken("eyJ.a.b")).isFalse();
  }
}
