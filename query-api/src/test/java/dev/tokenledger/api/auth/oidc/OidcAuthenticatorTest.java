package dev.tokenledger.api.auth.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.tokenledger.api.auth.AuthUnavailableException;
import dev.tokenledger.api.auth.AuthenticationException;
import dev.tokenledger.api.auth.Principal;
import dev.tokenledger.api.auth.Role;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** OIDC ID tokens against a JWKS served by a local HTTP server with a key generated for the test. */
class OidcAuthenticatorTest {

  private static final String ISSUER = "https://login.acme.example";
  private static final String AUDIENCE = "tokenledger";

  private RSAKey key;
  private HttpServer jwks;
  private OidcAuthenticator auth;

  @BeforeEach
  void serveTheKeys() throws Exception {
    key = new RSAKeyGenerator(2048).keyID("k1").generate();
    byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
    jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    jwks.createContext("/jwks.json", ex -> {
      ex.getResponseHeaders().add("Content-Type", "application/json");
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    jwks.start();
    URI url = URI.create("http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json");
    auth = new OidcAuthenticator(new OidcSettings(ISSUER, url, AUDIENCE, Optional.of("acme"), "", "email", "email", "groups",
        "tokenledger_role", Role.DEVELOPER));
  }

  @AfterEach
  void stop() {
    jwks.stop(0);
  }

  private JWTClaimsSet.Builder claims() {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject("u-1").claim("email", "alice@acme.example")
        .claim("groups", List.of("platform", "data")).claim("tokenledger_role", "manager")
        .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(5))));
  }

  private String signed(RSAKey with, UnaryOperator<JWTClaimsSet.Builder> change) throws Exception {
    SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(with.getKeyID()).type(JOSEObjectType.JWT).build(),
        change.apply(claims()).build());
    jwt.sign(new RSASSASigner(with));
    return jwt.serialize();
  }

  private String signed(UnaryOperator<JWTClaimsSet.Builder> change) throws Exception {
    return signed(key, change);
  }

  @Test
  void aValidTokenIsItsUser() throws Exception {
    Principal p = auth.authenticate(signed(c -> c));
    assertThat(p).isEqualTo(new Principal("acme", "alice@acme.example", "alice@acme.example", Set.of("platform", "data"),
        Role.MANAGER, "oidc:" + ISSUER));
  }

  @Test
  void withoutARoleTheDefaultRoleAndOneTeamMayBeAString() throws Exception {
    Principal p = auth.authenticate(signed(c -> c.claim("tokenledger_role", null).claim("groups", "platform")));
    assertThat(p.role()).isEqualTo(Role.DEVELOPER);
    assertThat(p.teams()).containsExactly("platform");
  }

  @Test
  void wrongAudienceIssuerExpiryOrRoleAreRefused() throws Exception {
    Instant now = Instant.now();
    for (String bad : List.of(
        signed(c -> c.audience("someone-else")),
        signed(c -> c.issuer("https://evil.example")),
        signed(c -> c.expirationTime(Date.from(now.minus(Duration.ofMinutes(5))))),
        signed(c -> c.notBeforeTime(Date.from(now.plus(Duration.ofMinutes(5))))),
        signed(c -> c.claim("tokenledger_role", "superuser")),
        signed(c -> c.claim("email", null)))) {
      assertThatThrownBy(() -> auth.authenticate(bad)).isInstanceOf(AuthenticationException.class);
    }
  }

  @Test
  void aSmallClockSkewIsAllowed() throws Exception {
    Instant now = Instant.now();
    assertThat(auth.authenticate(signed(c -> c.expirationTime(Date.from(now.minusSeconds(30))))).userId())
        .isEqualTo("alice@acme.example");
  }

  @Test
  void unsignedHmacAndForeignlySignedTokensAreRefused() throws Exception {
    String none = new PlainJWT(claims().build()).serialize();
    assertThatThrownBy(() -> auth.authenticate(none)).isInstanceOf(AuthenticationException.class);

    // HS256 with the public key's bytes as the shared secret (the classic algorithm confusion attack).
    SignedJWT hs = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(), claims().build());
    hs.sign(new MACSigner(key.toPublicJWK().toRSAPublicKey().getEncoded()));
    assertThatThrownBy(() -> auth.authenticate(hs.serialize())).isInstanceOf(AuthenticationException.class);

    RSAKey other = new RSAKeyGenerator(2048).keyID("k1").generate();
    assertThatThrownBy(() -> auth.authenticate(signed(other, c -> c))).isInstanceOf(AuthenticationException.class);
  }

  @Test
  void aStoppedKeyServerIsUnavailableForAKeyNotCached() throws Exception {
    jwks.stop(0);
    RSAKey rotated = new RSAKeyGenerator(2048).keyID("k2").generate();
    assertThatThrownBy(() -> auth.authenticate(signed(rotated, c -> c))).isInstanceOf(AuthUnavailableException.class);
  }

  @Test
  void theOrganisationMayComeFromAClaim() throws Exception {
    OidcAuthenticator byClaim = new OidcAuthenticator(new OidcSettings(ISSUER,
        URI.create("http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json"), AUDIENCE, Optional.empty(), "org",
        "email", "email", "groups", "tokenledger_role", Role.DEVELOPER));
    assertThat(byClaim.authenticate(signed(c -> c.claim("org", "globex"))).orgId()).isEqualTo("globex");
    assertThatThrownBy(() -> byClaim.authenticate(signed(c -> c))).isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("organisation");
  }
}
