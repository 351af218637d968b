package dev.tokenledger.agent.efficiency;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EfficiencyStateTest {

  @TempDir
  Path dir;

  @Test
  void whatWasPublishedSurvivesARestartAndTheCommitIdsAreBounded() {
    EfficiencyState s = EfficiencyState.open(dir);
    assertThat(s.inventoryReportedAt()).isEmpty();
    s.commitsPublished(List.of("a", "b"));
    s.inventoryReported("f1", Instant.parse("2026-11-20T10:00:00Z"));
    EfficiencyState again = EfficiencyState.open(dir);
    assertThat(again.commitPublished("a")).isTrue();
    assertThat(again.commitPublished("c")).isFalse();
    assertThat(again.inventoryFingerprint()).contains("f1");
    assertThat(again.inventoryReportedAt()).contains(Instant.parse("2026-11-20T10:00:00Z"));
    again.commitsPublished(IntStream.range(0, EfficiencyState.MAX_COMMITS).mapToObj(i -> "x" + i).toList());
    assertThat(again.commitPublished("a")).isFalse();
    assertThat(again.commitPublished("x" + (EfficiencyState.MAX_COMMITS - 1))).isTrue();
  }

  @Test
  void anUnreadableFileIsAnEmptyState() throws Exception {
    Files.writeString(dir.resolve(EfficiencyState.FILE), "{not json");
    EfficiencyState s = EfficiencyState.open(dir);
    assertThat(s.commitPublished("a")).isFalse();
    assertThat(s.inventoryFingerprint()).isEmpty();
  }
}
