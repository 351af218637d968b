package dev.tokenledger.api.access;

import dev.tokenledger.api.auth.Principal;
import dev.tokenledger.api.auth.Role;
import dev.tokenledger.api.query.Dimension;
import dev.tokenledger.api.query.SpendQuery;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * Restricts every question to what its caller may see, always within the caller's one organisation:
 * a developer their own usage ({@code user_id} = theirs), a manager their teams, finance and admins the
 * whole organisation. Restrictions are added as filters, so no combination of grouping and filtering can
 * reach past them; a filter that asks for something outside the scope is refused (403) rather than
 * answered empty, so a caller learns why.
 */
public final class AccessPolicy {

  /** The question restricted to {@code caller}'s scope. */
  public SpendQuery scope(Principal caller, SpendQuery query) {
    SpendQuery q = query;
    for (Map.Entry<Dimension, Set<String>> s : restrictions(caller).entrySet()) {
      Set<String> asked = query.filters().get(s.getKey());
      if (asked != null && !s.getValue().containsAll(asked)) {
        throw new AccessDeniedException(s.getKey().wireName() + ": outside what a " + caller.role().wireName()
            + " may see (" + allowed(caller, s.getKey()) + ")");
      }
      q = q.withFilter(s.getKey(), asked != null ? asked : s.getValue());
    }
    return q;
  }

  /** The restrictions any data {@code caller} reads must meet: dimension in values. */
  public Map<Dimension, Set<String>> restrictions(Principal caller) {
    Map<Dimension, Set<String>> r = new EnumMap<>(Dimension.class);
    r.put(Dimension.ORG, Set.of(caller.orgId()));
    switch (caller.role()) {
      case DEVELOPER -> r.put(Dimension.USER, Set.of(caller.userId()));
      case MANAGER -> {
        if (caller.teams().isEmpty()) {
          throw new AccessDeniedException("a manager with no teams sees nothing: give the token or the identity provider's claim at least one team");
        }
        r.put(Dimension.TEAM, caller.teams());
      }
      case FINANCE, ADMIN -> { }
    }
    return r;
  }

  /** Whether {@code caller} may manage tokens and budgets. */
  public boolean administers(Principal caller) {
    return caller.role() == Role.ADMIN;
  }

  private static String allowed(Principal caller, Dimension d) {
    return switch (d) {
      case ORG -> "your organisation only";
      case USER -> "your own usage only";
      case TEAM -> "your teams: " + String.join(", ", new java.util.TreeSet<>(caller.teams()));
      default -> "not allowed";
    };
  }
}
