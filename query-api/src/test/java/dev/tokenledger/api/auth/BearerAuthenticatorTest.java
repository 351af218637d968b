package dev.tokenledger.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BearerAuthenticatorTest {

  private static Authenticator answering(String credential) {
    return bearer -> new Principal("acme", "alice", "", Set.of(), Role.DEVELOPER, credential);
  }

  @Test
  void tokensAndJwtsGoToTheirAuthenticators() {
    BearerAuthenticator both = new BearerAuthenticator(answering("token"), Optional.of(answering("oidc")));
    assertThat(both.authenticate("tlk_anything").credential()).isEqualTo("token");
    assertThat(both.authenticate("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln").credential()).isEqualTo("oidc");
    assertThatThrownBy(() -> both.authenticate("Basic xyz")).isInstanceOf(AuthenticationException.class)
        .hasMessage("unrecognised bearer credential: expected an API token (tlk_…) or an OIDC ID token (JWT)");
    assertThatThrownBy(() -> both.authenticate("a.b")).isInstanceOf(AuthenticationException.class);
    assertThatThrownBy(() -> both.authenticate(" ")).hasMessageStartingWith("missing bearer credential");
  }

  @Test
  void withoutOidcAJwtIsRefusedNamingWhatIsAccepted() {
    BearerAuthenticator tokensOnly = new BearerAuthenticator(answering("token"), Optional.empty());
    assertThatThrownBy(() -> tokensOnly.authenticate("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln"))
        .isInstanceOf(AuthenticationException.class)
        .hasMessage("unrecognised bearer credential: expected an API token (tlk_…)");
  }
}
