package dev.tokenledger.agent.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.events.UsageEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per field: the configured value, else the organisation mapping's for the e-mail and the event's remote (ADR 0144). */
class AttributorMappingTest {

  @TempDir
  Path tmp;

  final List<String> asked = new ArrayList<>();
  final OrgAssignments mapping = (email, remote) -> {
    asked.add(email + " " + remote);
    return "github.com/acme/widgets".equals(remote)
        ? new OrgAssignments.Assignment("widgets", "rules[0]", "CC-WIDGETS", "rules[0]")
        : "ada@acme.test".equals(email) ? new OrgAssignments.Assignment("platform", "rules[1]", "CC-1", "rules[1]")
        : OrgAssignments.Assignment.NONE;
  };

  Attributor attributor(Optional<String> team, Optional<String> costCentre) {
    MachineIdentity ada = new MachineIdentity("acme", "ada", Optional.of("ada@acme.test"), "laptop", team, costCentre);
    return new Attributor(ada, new GitRepositoryReader(), Hashes.forOrg("acme"), false, Duration.ofHours(6),
        Clock.fixed(AttributorTest.NOW, ZoneOffset.UTC), "t").assignFrom(mapping);
  }

  @Test
  void theMappingFillsWhatTheConfigurationLeavesOpenUsingTheEventsRemote() throws IOException {
    Path repo = GitRepositoryReaderTest.repo(tmp.resolve("widgets"));
    Attributor a = attributor(Optional.empty(), Optional.empty());
    UsageEvent inRepo = a.attribute(AttributorTest.usage(repo.toString(), AttributorTest.NOW, null, null));
    assertThat(inRepo.getTeam()).isEqualTo("widgets");
    assertThat(inRepo.getCostCentre()).isEqualTo("CC-WIDGETS");
    UsageEvent elsewhere = a.attribute(AttributorTest.usage(tmp.resolve("scratch").toString(), AttributorTest.NOW, null,
        null));
    assertThat(elsewhere.getTeam()).as("outside the repository the person's rule applies").isEqualTo("platform");
    assertThat(asked).containsExactly("ada@acme.test github.com/acme/widgets", "ada@acme.test null");
    assertThat(a.teamAndCostCentre(repo.toString())).isEqualTo(
        new OrgAssignments.Assignment("widgets", "rules[0]", "CC-WIDGETS", "rules[0]"));
  }

  @Test
  void theLocalConfigurationWinsPerField() throws IOException {
    Path repo = GitRepositoryReaderTest.repo(tmp.resolve("widgets"));
    UsageEvent e = attributor(Optional.of("payments"), Optional.empty())
        .attribute(AttributorTest.usage(repo.toString(), AttributorTest.NOW, null, null));
    assertThat(e.getTeam()).isEqualTo("payments");
    assertThat(e.getCostCentre()).isEqualTo("CC-WIDGETS");
    Attributor both = attributor(Optional.of("payments"), Optional.of("CC-42"));
    UsageEvent configured = both.attribute(AttributorTest.usage(repo.toString(), AttributorTest.NOW, null, null));
    assertThat(configured.getTeam()).isEqualTo("payments");
    assertThat(configured.getCostCentre()).isEqualTo("CC-42");
    assertThat(both.teamAndCostCentre(repo.toString())).as("no rule is the source of a configured value")
        .isEqualTo(new OrgAssignments.Assignment("payments", null, "CC-42", null));
  }

  @Test
  void withoutAMappingNothingIsAssigned() {
    MachineIdentity ada = new MachineIdentity("acme", "ada", Optional.of("ada@acme.test"), "laptop", Optional.empty(),
        Optional.empty());
    UsageEvent e = new Attributor(ada, new GitRepositoryReader(), Hashes.forOrg("acme"), false, Duration.ofHours(6),
        Clock.fixed(AttributorTest.NOW, ZoneOffset.UTC), "t").attribute(AttributorTest.usage(tmp.toString(),
        AttributorTest.NOW, null, null));
    assertThat(e.getTeam()).isNull();
    assertThat(e.getCostCentre()).isNull();
  }
}
