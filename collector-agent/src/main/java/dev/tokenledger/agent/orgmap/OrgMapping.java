package dev.tokenledger.agent.orgmap;

import dev.tokenledger.agent.attribution.OrgAssignments;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A validated, compiled mapping document (ADR 0144). Per field (team, cost centre), the first matching
 * rule wins — rules that match the event's git remote first, in document order, then rules that match
 * only the e-mail, in document order: a repository's owner pays for the work done in it, a person's
 * default applies to everything else. Answers are remembered per (e-mail, remote) — a machine sees few
 * of them — so the rules are run once per repository, not per event.
 */
public final class OrgMapping implements OrgAssignments {

  /** Answers remembered before the memory is cleared (a central receiver sees many e-mails). */
  private static final int MEMORY = 4096;

  private final List<MappingRule> remoteRules;
  private final List<MappingRule> emailRules;
  private final String format;
  private final int ruleCount;
  private final Map<Key, Assignment> answers = new ConcurrentHashMap<>();

  private record Key(String email, String remote) {}

  OrgMapping(List<MappingRule> rules, String format) {
    List<MappingRule> byRemote = new ArrayList<>();
    List<MappingRule> byEmail = new ArrayList<>();
    for (MappingRule r : rules) {
      (r.remote() != null ? byRemote : byEmail).add(r);
    }
    this.remoteRules = List.copyOf(byRemote);
    this.emailRules = List.copyOf(byEmail);
    this.format = format;
    this.ruleCount = rules.size();
  }

  /** How many rules the document has. */
  public int ruleCount() {
    return ruleCount;
  }

  /** {@code json} or {@code csv}. */
  public String format() {
    return format;
  }

  @Override
  public Assignment assign(String email, String remote) {
    if (ruleCount == 0 || (email == null && remote == null)) {
      return Assignment.NONE;
    }
    Key key = new Key(email, remote);
    Assignment known = answers.get(key);
    if (known != null) {
      return known;
    }
    Assignment a = evaluate(email, remote);
    if (answers.size() >= MEMORY) {
      answers.clear();
    }
    answers.put(key, a);
    return a;
  }

  private Assignment evaluate(String email, String remote) {
    MappingRule team = null;
    MappingRule centre = null;
    for (List<MappingRule> rules : List.of(remoteRules, emailRules)) {
      for (MappingRule r : rules) {
        if ((team != null || r.team() == null) && (centre != null || r.costCentre() == null)) {
          continue; // gives nothing still open
        }
        if (r.matches(email, remote)) {
          team = team == null && r.team() != null ? r : team;
          centre = centre == null && r.costCentre() != null ? r : centre;
          if (team != null && centre != null) {
            break;
          }
        }
      }
    }
    if (team == null && centre == null) {
      return Assignment.NONE;
    }
    return new Assignment(team == null ? null : team.team(), team == null ? null : team.label(),
        centre == null ? null : centre.costCentre(), centre == null ? null : centre.label());
  }
}
