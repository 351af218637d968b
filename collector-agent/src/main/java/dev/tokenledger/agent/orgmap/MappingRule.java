package dev.tokenledger.agent.orgmap;

/**
 * One rule of the organisation mapping: who or what it matches (an e-mail pattern, a git remote pattern,
 * or both — then both must match) and what it assigns (a team, a cost centre, or both).
 *
 * @param label where the rule is in its document and what it matches, e.g. {@code rules[2] (remote
 *     github.com/acme/*)} or {@code line 5 (email *@payments.example.com)}
 * @param email the e-mail pattern, or null
 * @param remote the git remote pattern (normalised like a remote), or null
 * @param team the team it assigns, or null
 * @param costCentre the cost centre it assigns, or null
 */
record MappingRule(String label, GlobPattern email, GlobPattern remote, String team, String costCentre) {

  boolean matches(String eventEmail, String eventRemote) {
    return (remote == null || remote.matches(eventRemote)) && (email == null || email.matches(eventEmail));
  }
}
