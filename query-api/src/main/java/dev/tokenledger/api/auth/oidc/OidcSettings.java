package dev.tokenledger.api.auth.oidc;

import dev.tokenledger.api.auth.Role;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * How OIDC ID tokens (JWTs) of the organisation's identity provider are accepted and mapped to a caller.
 *
 * @param issuer the required {@code iss}
 * @param jwksUrl where the provider publishes its signing keys (JWKS)
 * @param audience the required {@code aud} (the client id the provider issues tokens for)
 * @param org the organisation of every caller (a single-organisation deployment); empty = read {@code orgClaim}
 * @param orgClaim the claim naming the caller's organisation when {@code org} is empty
 * @param userClaim the claim holding the user id, as the agent writes it into {@code user_id}
 * @param emailClaim the claim holding the e-mail
 * @param teamsClaim the claim holding the teams (an array of strings or one string)
 * @param roleClaim the claim holding the role ({@code developer}, {@code manager}, {@code finance}, {@code admin})
 * @param defaultRole the role of a token without {@code roleClaim}
 */
public record OidcSettings(String issuer, URI jwksUrl, String audience, Optional<String> org, String orgClaim, String userClaim,
    String emailClaim, String teamsClaim, String roleClaim, Role defaultRole) {

  public OidcSettings {
    Objects.requireNonNull(issuer, "issuer");
    Objects.requireNonNull(jwksUrl, "jwksUrl");
    Objects.requireNonNull(audience, "audience");
    Objects.requireNonNull(org, "org");
    Objects.requireNonNull(defaultRole, "defaultRole");
    if (org.isEmpty() && (orgClaim == null || orgClaim.isBlank())) {
      throw new IllegalArgumentException("OIDC needs a fixed organisation or an organisation claim");
    }
  }
}
