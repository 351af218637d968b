package dev.tokenledger.agent.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.agent.attribution.Attributor;
import dev.tokenledger.agent.attribution.GitRepositoryReader;
import dev.tokenledger.agent.attribution.Hashes;
import dev.tokenledger.agent.attribution.MachineIdentity;
import dev.tokenledger.agent.attribution.OrgAssignments;
import dev.tokenledger.agent.otlp.TelemetryIdentity;
import dev.tokenledger.agent.source.ParsedUsage;
import dev.tokenledger.events.Accuracy;
import dev.tokenledger.events.SourceTool;
import dev.tokenledger.events.TokenCounts;
import dev.tokenledger.events.UsageEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Team and cost centre of OTLP events (ADR 0144). In the agent: configuration, then the organisation
 * mapping, then the telemetry's resource attributes. In the central receiver: the telemetry (the sending
 * machine's own setting), then the mapping for the telemetry's e-mail, then the receiver's configuration.
 */
class TelemetryIdentityPrecedenceTest {

  static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
  static final OrgAssignments MAPPING = (email, remote) -> email != null && email.endsWith("@payments.example.com")
      ? new OrgAssignments.Assignment("payments", "rules[0]", "CC-1200", "rules[0]") : OrgAssignments.Assignment.NONE;

  static UsageEvent attributed(Optional<String> email, Optional<String> team, Optional<String> costCentre) {
    MachineIdentity id = new MachineIdentity("acme", "ada@box", email, "box", team, costCentre);
    ParsedUsage u = new ParsedUsage(SourceTool.CLAUDE_CODE, "2.1", "k1", "anthropic", "claude-opus-4-6", NOW, "s1", null,
        null, null, null, false, "req_1", null, TokenCounts.newBuilder().setInput(1).setOutput(2).build(), null, null, 0, 0,
        List.of(), Accuracy.EXACT, null, null, null, null, null);
    return new Attributor(id, new GitRepositoryReader(), Hashes.forOrg("acme"), false, Duration.ofHours(1),
        Clock.fixed(NOW, ZoneOffset.UTC), "t").assignFrom(MAPPING).attribute(u);
  }

  static TelemetryIdentity telemetry(String email, String team, String costCentre) {
    return new TelemetryIdentity("u1", email, null, null, team, costCentre, "box-2");
  }

  @Test
  void inTheAgentTheMappingForTheTelemetrysEmailComesBeforeTheTelemetrysOwnValues() {
    UsageEvent e = OtlpLogsHandler.withIdentity(attributed(Optional.empty(), Optional.empty(), Optional.empty()),
        telemetry("carol@payments.example.com", "otel-team", "otel-cc"), MAPPING);
    assertThat(e.getUserEmail()).isEqualTo("carol@payments.example.com");
    assertThat(e.getTeam()).isEqualTo("payments");
    assertThat(e.getCostCentre()).isEqualTo("CC-1200");
  }

  @Test
  void inTheAgentTheTelemetryFillsWhatNeitherTheConfigurationNorTheMappingGives() {
    UsageEvent e = OtlpLogsHandler.withIdentity(attributed(Optional.empty(), Optional.of("configured"), Optional.empty()),
        telemetry("eve@other.test", "otel-team", "otel-cc"), MAPPING);
    assertThat(e.getTeam()).as("the local configuration wins").isEqualTo("configured");
    assertThat(e.getCostCentre()).isEqualTo("otel-cc");
  }

  @Test
  void inTheAgentAConfiguredEmailsMappingWinsOverTheTelemetry() {
    UsageEvent e = OtlpLogsHandler.withIdentity(attributed(Optional.of("ada@payments.example.com"), Optional.empty(),
        Optional.empty()), telemetry("someone@else.test", "otel-team", "otel-cc"), MAPPING);
    assertThat(e.getUserEmail()).isEqualTo("ada@payments.example.com");
    assertThat(e.getTeam()).isEqualTo("payments");
    assertThat(e.getCostCentre()).isEqualTo("CC-1200");
  }

  @Test
  void theCentralReceiverTakesTheSendersValuesThenTheMappingThenItsOwn() {
    UsageEvent base = attributed(Optional.empty(), Optional.of("receiver-team"), Optional.of("receiver-cc"));
    UsageEvent sent = OtlpLogsHandler.centralIdentity(base, telemetry("carol@payments.example.com", "otel-team", null),
        MAPPING);
    assertThat(sent.getTeam()).isEqualTo("otel-team");
    assertThat(sent.getCostCentre()).isEqualTo("CC-1200");
    UsageEvent unmapped = OtlpLogsHandler.centralIdentity(base, telemetry("eve@other.test", null, null), MAPPING);
    assertThat(unmapped.getTeam()).isEqualTo("receiver-team");
    assertThat(unmapped.getCostCentre()).isEqualTo("receiver-cc");
  }
}
