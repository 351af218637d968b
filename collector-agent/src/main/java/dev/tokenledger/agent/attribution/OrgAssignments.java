package dev.tokenledger.agent.attribution;

/**
 * The team and cost centre the organisation assigns to an event by its person and its repository (the
 * organisation mapping, ADR 0144). Called once per event: implementations answer from compiled rules
 * without blocking (a mapping being fetched again never holds an event up).
 */
@FunctionalInterface
public interface OrgAssignments {

  /** No mapping: nothing is assigned. */
  OrgAssignments NONE = (email, remote) -> Assignment.NONE;

  /**
   * @param email the event's user e-mail, or null
   * @param remote the event's normalised git remote ({@code host/owner/repo}), or null
   */
  Assignment assign(String email, String remote);

  /**
   * What the mapping assigns, per field, each null when no rule gives it.
   *
   * @param teamRule the rule that gave the team (e.g. {@code rules[2] (remote github.com/acme/*)}), for doctor
   * @param costCentreRule the rule that gave the cost centre
   */
  record Assignment(String team, String teamRule, String costCentre, String costCentreRule) {

    public static final Assignment NONE = new Assignment(null, null, null, null);
  }
}
