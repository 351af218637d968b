package dev.tokenledger.processor.streams.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenledger.processor.streams.runtime.ClusterStateGuard.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterStateGuardTest {

  @TempDir Path stateDir;
  private final AtomicInteger wipes = new AtomicInteger();

  @Test
  void firstStartRecordsTheClusterAndKeepsTheState() throws Exception {
    ClusterStateGuard guard = new ClusterStateGuard(stateDir, "tokenledger-streams");
    assertThat(guard.check("cluster-a", wipes::incrementAndGet)).isEqualTo(Outcome.MARKED);
    assertThat(wipes).hasValue(0);
    assertThat(Files.readString(guard.marker()).trim()).isEqualTo("cluster-a");
  }

  @Test
  void theSameClusterKeepsTheState() {
    ClusterStateGuard guard = new ClusterStateGuard(stateDir, "tokenledger-streams");
    guard.check("cluster-a", wipes::incrementAndGet);
    assertThat(guard.check("cluster-a", wipes::incrementAndGet)).isEqualTo(Outcome.SAME_CLUSTER);
    assertThat(wipes).hasValue(0);
  }

  @Test
  void anotherClusterWipesTheStateOnceAndRecordsTheNewCluster() throws Exception {
    ClusterStateGuard guard = new ClusterStateGuard(stateDir, "tokenledger-streams");
    guard.check("cluster-a", wipes::incrementAndGet);
    assertThat(guard.check("cluster-b", wipes::incrementAndGet)).isEqualTo(Outcome.OTHER_CLUSTER_WIPED);
    assertThat(wipes).hasValue(1);
    assertThat(Files.readString(guard.marker()).trim()).isEqualTo("cluster-b");
    assertThat(guard.check("cluster-b", wipes::incrementAndGet)).isEqualTo(Outcome.SAME_CLUSTER);
    assertThat(wipes).hasValue(1);
  }

  @Test
  void aFailedWipeLeavesTheOldMarkerSoTheNextStartTriesAgain() throws Exception {
    ClusterStateGuard guard = new ClusterStateGuard(stateDir, "tokenledger-streams");
    guard.check("cluster-a", wipes::incrementAndGet);
    assertThatThrownBy(() -> guard.check("cluster-b", () -> {
      throw new IllegalStateException("state directory locked");
    })).hasMessageContaining("locked");
    assertThat(Files.readString(guard.marker()).trim()).isEqualTo("cluster-a");
  }

  @Test
  void stateWrittenBeforeMarkersExistedIsWipedOnceBecauseItsClusterIsUnknown() throws Exception {
    Files.createDirectories(stateDir.resolve("tokenledger-streams").resolve("1_0"));
    ClusterStateGuard guard = new ClusterStateGuard(stateDir, "tokenledger-streams");
    assertThat(guard.check("cluster-a", wipes::incrementAndGet)).isEqualTo(Outcome.UNMARKED_STATE_WIPED);
    assertThat(wipes).hasValue(1);
    assertThat(guard.check("cluster-a", wipes::incrementAndGet)).isEqualTo(Outcome.SAME_CLUSTER);
    assertThat(wipes).hasValue(1);
  }

  @Test
  void filesOfTheApplicationDirectoryAreNoTaskState() throws Exception {
    Path app = Files.createDirectories(stateDir.resolve("tokenledger-streams"));
    Files.writeString(app.resolve("kafka-streams-process-metadata"), "{}");
    Files.writeString(app.resolve(".lock"), "");
    ClusterStateGuard guard = new ClusterStateGuard(stateDir, "tokenledger-streams");
    assertThat(guard.check("cluster-a", wipes::incrementAndGet)).isEqualTo(Outcome.MARKED);
    assertThat(wipes).hasValue(0);
  }

  @Test
  void eachApplicationHasItsOwnMarker() {
    new ClusterStateGuard(stateDir, "app-one").check("cluster-a", wipes::incrementAndGet);
    assertThat(new ClusterStateGuard(stateDir, "app-two").check("cluster-b", wipes::incrementAndGet)).isEqualTo(Outcome.MARKED);
    assertThat(wipes).hasValue(0);
  }

  @Test
  void aBlankClusterIdIsRefused() {
    ClusterStateGuard guard = new ClusterStateGuard(stateDir, "tokenledger-streams");
    assertThatThrownBy(() -> guard.check(" ", wipes::incrementAndGet)).isInstanceOf(IllegalArgumentException.class);
  }
}
