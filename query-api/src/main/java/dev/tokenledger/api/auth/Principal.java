package dev.tokenledger.api.auth;

import java.util.Objects;
import java.util.Set;

/**
 * An authenticated caller.
 *
 * @param orgId the one organisation the caller belongs to
 * @param userId the caller's user id, as the agent writes it into {@code user_id}
 * @param email the caller's e-mail ("" when unknown)
 * @param teams the teams a manager sees (may be empty for other roles)
 * @param role what the caller may see and do
 * @param credential how the caller authenticated, for logs: {@code token:<id>} or {@code oidc:<issuer>}
 */
public record Principal(String orgId, String userId, String email, Set<String> teams, Role role, String credential) {

  public Principal {
    if (orgId == null || orgId.isBlank()) {
      throw new IllegalArgumentException("a principal needs an organisation");
    }
    if (userId == null || userId.isBlank()) {
      throw new IllegalArgumentException("a principal needs a user id");
    }
    email = email == null ? "" : email;
    teams = Set.copyOf(teams);
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(credential, "credential");
  }
}
