package dev.tokenledger.api.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An API token as stored: who it stands for and its life, never its secret (only the hex SHA-256 of it,
 * see {@link TokenSecrets}).
 *
 * @param id the public part of the token ({@code tlk_<id>_<secret>}), unique
 * @param orgId the organisation the token belongs to
 * @param secretSha256 hex SHA-256 of the secret
 * @param userId the user the token authenticates as (the agent's {@code user_id})
 * @param email the user's e-mail ("" when unknown)
 * @param teams the teams a manager sees
 * @param role what the token may do
 * @param label a free note ("" when none), e.g. what the token is for
 * @param created when it was issued
 * @param createdBy who issued it
 * @param expires when it stops working; empty = never
 * @param revoked when it was revoked; empty = not revoked
 */
public record ApiToken(String id, String orgId, String secretSha256, String userId, String email, Set<String> teams, Role role,
    String label, Instant created, String createdBy, Optional<Instant> expires, Optional<Instant> revoked) {

  public ApiToken {
    requireText(id, "id");
    requireText(orgId, "organisation");
    requireText(secretSha256, "secret hash");
    requireText(userId, "user");
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(created, "created");
    email = email == null ? "" : email;
    label = label == null ? "" : label;
    createdBy = createdBy == null ? "" : createdBy;
    teams = Set.copyOf(teams);
    if (role == Role.MANAGER && teams.isEmpty()) {
      throw new IllegalArgumentException("a manager's token needs at least one team");
    }
    Objects.requireNonNull(expires, "expires");
    Objects.requireNonNull(revoked, "revoked");
  }

  /** Whether the token may authenticate at {@code now}: neither revoked nor expired. */
  public boolean activeAt(Instant now) {
    return revoked.isEmpty() && expires.map(now::isBefore).orElse(true);
  }

  /** This token revoked at {@code at}. */
  public ApiToken revokedAt(Instant at) {
    return new ApiToken(id, orgId, secretSha256, userId, email, teams, role, label, created, createdBy, expires, Optional.of(at));
  }

  /** The caller this token authenticates. */
  public Principal principal() {
    return new Principal(orgId, userId, email, teams, role, "token:" + id);
  }

  private static void requireText(String s, String what) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException("an API token needs a " + what);
    }
  }
}
