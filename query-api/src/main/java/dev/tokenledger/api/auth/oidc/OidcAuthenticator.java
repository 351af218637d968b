package dev.tokenledger.api.auth.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.tokenledger.api.auth.AuthUnavailableException;
import dev.tokenledger.api.auth.AuthenticationException;
import dev.tokenledger.api.auth.Authenticator;
import dev.tokenledger.api.auth.Principal;
import dev.tokenledger.api.auth.Role;
import java.net.MalformedURLException;
import java.text.ParseException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Authenticates OIDC ID tokens (JWTs) of the organisation's identity provider: signed with RS256 or
 * ES256 (never {@code none} or an HMAC) by a key of the provider's JWKS, with the configured issuer and
 * audience, within {@code exp}/{@code nbf} allowing {@value #CLOCK_SKEW_SECONDS} s of clock skew. The
 * JWKS is fetched from its URL, cached and refreshed when a token names an unknown key id, at most once
 * per rate-limit interval. Claims are mapped by {@link OidcSettings}; a token without a role claim gets
 * the default role, one with an unknown role is refused. A JWKS that cannot be fetched is
 * {@link AuthUnavailableException}.
 */
public final class OidcAuthenticator implements Authenticator {

  static final int CLOCK_SKEW_SECONDS = 60;
  private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
  private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(5);
  private static final int JWKS_SIZE_LIMIT = 256 * 1024;

  private final OidcSettings settings;
  private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

  public OidcAuthenticator(OidcSettings settings) {
    this.settings = settings;
    JWKSource<SecurityContext> keys;
    try {
      keys = JWKSourceBuilder.<SecurityContext>create(settings.jwksUrl().toURL(),
              new DefaultResourceRetriever((int) HTTP_TIMEOUT.toMillis(), (int) HTTP_TIMEOUT.toMillis(), JWKS_SIZE_LIMIT))
          .retrying(false)
          .build();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("OIDC JWKS URL is not a URL: " + settings.jwksUrl(), e);
    }
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
    DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(settings.audience(),
        new JWTClaimsSet.Builder().issuer(settings.issuer()).build(), Set.of("exp", settings.userClaim()));
    claims.setMaxClockSkew(CLOCK_SKEW_SECONDS);
    processor.setJWTClaimsSetVerifier(claims);
  }

  @Override
  public Principal authenticate(String bearer) {
    JWTClaimsSet claims;
    try {
      claims = processor.process(bearer, null);
    } catch (RateLimitReachedException e) {
      // The keys were fetched moments ago and hold no key of this id: a key the provider does not publish.
      throw new AuthenticationException("OIDC token refused: signed by an unknown key");
    } catch (KeySourceException e) {
      throw new AuthUnavailableException("the identity provider's keys (JWKS) cannot be fetched", e);
    } catch (ParseException e) {
      throw new AuthenticationException("malformed OIDC token");
    } catch (BadJOSEException | JOSEException e) {
      throw new AuthenticationException("OIDC token refused: " + e.getMessage());
    }
    return principal(claims);
  }

  private Principal principal(JWTClaimsSet claims) {
    String user = text(claims, settings.userClaim());
    if (user.isBlank()) {
      throw new AuthenticationException("OIDC token refused: no user claim '" + settings.userClaim() + "'");
    }
    String org = settings.org().orElseGet(() -> text(claims, settings.orgClaim()));
    if (org.isBlank()) {
      throw new AuthenticationException("OIDC token refused: no organisation claim '" + settings.orgClaim() + "'");
    }
    String roleText = text(claims, settings.roleClaim());
    Role role;
    try {
      role = roleText.isBlank() ? settings.defaultRole() : Role.parse(roleText);
    } catch (IllegalArgumentException e) {
      throw new AuthenticationException("OIDC token refused: " + e.getMessage());
    }
    Set<String> teams = teams(claims.getClaim(settings.teamsClaim()));
    if (role == Role.MANAGER && teams.isEmpty()) {
      throw new AuthenticationException("OIDC token refused: a manager needs at least one team in claim '" + settings.teamsClaim() + "'");
    }
    return new Principal(org, user, text(claims, settings.emailClaim()), teams, role, "oidc:" + settings.issuer());
  }

  private static String text(JWTClaimsSet claims, String name) {
    Object v = claims.getClaim(name);
    if (v == null) {
      return "";
    }
    if (!(v instanceof String s)) {
      throw new AuthenticationException("OIDC token refused: claim '" + name + "' is not a string");
    }
    return s.strip();
  }

  private static Set<String> teams(Object claim) {
    Set<String> teams = new LinkedHashSet<>();
    if (claim instanceof String s) {
      if (!s.isBlank()) {
        teams.add(s.strip());
      }
    } else if (claim instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof String s && !s.isBlank()) {
          teams.add(s.strip());
        }
      }
    } else if (claim != null) {
      throw new AuthenticationException("OIDC token refused: the teams claim is neither a string nor an array");
    }
    return teams;
  }
}
