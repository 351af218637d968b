package dev.tokenledger.agent.efficiency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenledger.agent.inventory.ConfiguredMcpServer;
import dev.tokenledger.events.McpInventoryEntry;
import dev.tokenledger.events.SourceTool;
import dev.tokenledger.schemas.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryReporterTest {

  @TempDir
  Path state;

  final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00.750Z"));
  final CommitCollectorTest.RecordingPublisher publisher = new CommitCollectorTest.RecordingPublisher();
  final Set<ConfiguredMcpServer> configured = new HashSet<>(Set.of(new ConfiguredMcpServer("CLAUDE_CODE", "linear"),
      new ConfiguredMcpServer("CODEX_CLI", "github")));

  InventoryReporter reporter() {
    return new InventoryReporter(() -> Set.copyOf(configured), new InventoryReporter.Owner("acme", "u1", null, "h1"),
        publisher, EfficiencyState.open(state), clock);
  }

  @Test
  void theInventoryIsPublishedOnStartWhenChangedAndOtherwiseOnceADay() {
    assertThat(reporter().reportIfDue()).isEqualTo(2);
    McpInventoryEntry linear = publisher.inventory.get(0);
    assertThat(linear.getServer()).isEqualTo("linear");
    assertThat(linear.getSource()).isEqualTo(SourceTool.CLAUDE_CODE);
    assertThat(linear.getObservedTime()).isEqualTo(Instant.parse("2026-11-20T10:00:00Z"));
    assertThat(linear.getEntryId()).isEqualTo("acme|u1|h1|CLAUDE_CODE|linear|" + linear.getObservedTime().toEpochMilli());
    assertThat(linear.getHost()).isEqualTo("h1");

    clock.advance(Duration.ofHours(5));
    assertThat(reporter().reportIfDue()).as("unchanged, reported 5 h ago (a restart)").isZero();
    configured.add(new ConfiguredMcpServer("GEMINI_CLI", "jira"));
    assertThat(reporter().reportIfDue()).as("changed").isEqualTo(3);
    clock.advance(Duration.ofHours(23));
    assertThat(reporter().reportIfDue()).isZero();
    clock.advance(Duration.ofHours(1));
    assertThat(reporter().reportIfDue()).as("a day after the last report").isEqualTo(3);
    assertThat(publisher.inventory).hasSize(8);
  }

  @Test
  void aFailedSendIsNotRecordedAsReported() {
    publisher.fail = true;
    InventoryReporter r = reporter();
    assertThatThrownBy(r::reportIfDue).hasMessageContaining("unreachable");
    publisher.fail = false;
    assertThat(r.reportIfDue()).isEqualTo(2);
  }
}
