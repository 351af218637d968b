package dev.tokenledger.agent.cli;

import dev.tokenledger.agent.attribution.Attributor;
import dev.tokenledger.agent.attribution.MachineIdentity;
import dev.tokenledger.agent.attribution.OrgAssignments;
import dev.tokenledger.agent.config.AgentConfig;
import dev.tokenledger.agent.orgmap.MappingStatus;
import dev.tokenledger.agent.orgmap.OrgMappingService;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The part of {@code doctor} that shows who events are attributed to (ADR 0144): the organisation
 * mapping's state (the cached copy, and whether its location answers now), then org, user, e-mail, team
 * and cost centre each with where the value comes from, and what an event from the current directory's
 * repository would get.
 */
final class IdentityReport {

  /** One doctor line. */
  interface Lines {
    void pass(String what, String detail);

    void warn(String what, String detail);
  }

  private final AgentConfig config;
  private final MachineIdentity identity;
  private final Clock clock;
  private final PrintStream out;
  private final Lines lines;

  IdentityReport(AgentConfig config, MachineIdentity identity, Clock clock, PrintStream out, Lines lines) {
    this.config = config;
    this.identity = identity;
    this.clock = clock;
    this.out = out;
    this.lines = lines;
  }

  /** @param mapping the mapping as cached (read from its location here, without storing anything) */
  void print(OrgMappingService mapping, String cwd) {
    MappingStatus cached = mapping.status();
    String location = cached.location();
    if (cached.state() != MappingStatus.State.NOT_CONFIGURED) {
      lines.pass("org mapping cache", cached.fetchedAt() == null ? "none (nothing fetched from " + location + " yet)"
          : cached.rules() + " rules, fetched " + cached.fetchedAt() + ", confirmed " + age(cached.checkedAt()) + " ago"
              + (cached.etag() == null ? "" : ", ETag " + cached.etag())
              + (cached.lastError() == null ? "" : "; the agent's last read failed " + cached.errorAt() + ": "
                  + cached.lastError()));
      MappingStatus now = mapping.refresh();
      if (now.lastError() == null) {
        boolean changed = cached.fetchedAt() == null || !cached.fetchedAt().equals(now.fetchedAt());
        lines.pass("org mapping", location + " answers: " + (changed ? "a valid document with " + now.rules()
            + " rules (the agent takes it within [org] mapping_refresh = " + Summaries.human(mapping.refreshInterval())
            + ")" : "not modified since the cached copy (" + now.rules() + " rules)"));
      } else if (now.state() == MappingStatus.State.STALE) {
        lines.warn("org mapping", now.lastError() + "; the cached copy from " + now.fetchedAt() + " stays in use");
      } else {
        lines.warn("org mapping", now.lastError() + "; nothing is cached, so the mapping assigns no team or cost"
            + " centre: they stay as configured, else unset");
      }
    }
    AgentConfig.Identity id = config.identity();
    Attributor attributor = Attributor.forConfig(config, identity, clock).assignFrom(mapping);
    OrgAssignments.Assignment person = mapping.assign(identity.userEmail().orElse(null), null);
    out.println("identity (value, then where it comes from):");
    row("org", identity.orgId(), id.source("org.id"));
    row("user", identity.userId(), id.userId().isPresent() ? id.source("user.id") : "default (<OS user>@<host>)");
    row("email", identity.userEmail().orElse(null), id.userEmail().isPresent() ? id.source("user.email")
        : "unset (OTLP events take the telemetry's user.email)");
    row("team", id.team().orElse(person.team()), source(id.team(), id.source("team"), person.teamRule(), location,
        "team.id"));
    row("cost centre", id.costCentre().orElse(person.costCentre()), source(id.costCentre(), id.source("cost-centre"),
        person.costCentreRule(), location, "cost_center"));
    Optional<String> remote = attributor.gitRemote(cwd);
    if (remote.isEmpty()) {
      out.printf("  %s is not in a git checkout with a remote: its events get the values above%n", cwd);
      return;
    }
    OrgAssignments.Assignment project = attributor.teamAndCostCentre(cwd);
    out.printf("events from %s (remote %s):%n", cwd, remote.get());
    row("team", project.team(), source(id.team(), id.source("team"), project.teamRule(), location, "team.id"));
    row("cost centre", project.costCentre(), source(id.costCentre(), id.source("cost-centre"),
        project.costCentreRule(), location, "cost_center"));
  }

  private static String source(Optional<String> configured, String configSource, String rule, String location,
      String attribute) {
    if (configured.isPresent()) {
      return configSource + " (the local setting wins over the mapping)";
    }
    if (rule != null) {
      return "mapping " + location + " " + rule;
    }
    return "unset" + (location == null ? "" : " (no mapping rule matches)") + "; OTLP events take the telemetry's "
        + attribute;
  }

  private void row(String field, String value, String source) {
    out.printf("  %-12s %-28s %s%n", field, value == null ? "-" : value, source);
  }

  private String age(Instant then) {
    return then == null ? "never" : Summaries.human(Duration.between(then, clock.instant()).abs());
  }
}
