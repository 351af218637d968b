package dev.tokenledger.agent.efficiency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.agent.commits.GitCommitLog;
import dev.tokenledger.agent.commits.SeenCommit;
import dev.tokenledger.events.McpInventoryEntry;
import dev.tokenledger.events.SessionCommit;
import dev.tokenledger.events.SourceTool;
import dev.tokenledger.schemas.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommitCollectorTest {

  static final String A = "a".repeat(40);
  static final String B = "b".repeat(40);
  static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

  @TempDir
  Path state;

  final MutableClock clock = new MutableClock(T0.plus(Duration.ofHours(1)));
  final RecordingPublisher publisher = new RecordingPublisher();
  final List<Object[]> logCalls = new ArrayList<>();
  List<SeenCommit> inRepository = List.of(new SeenCommit(A, T0.plusSeconds(600), 10, 2, 1),
      new SeenCommit(B, T0.plusSeconds(1200), 5, 0, 3));

  CommitCollector collector(EfficiencyState s) {
    return new CommitCollector((repo, email, from, to) -> {
      logCalls.add(new Object[] {repo, email, from, to});
      return new GitCommitLog.Result(inRepository, Optional.empty());
    }, repo -> repo.endsWith("no-email") ? Optional.empty() : Optional.of("dev@example.com"), publisher, s, clock,
        Duration.ofMinutes(15));
  }

  static TrackedSession session(String id, Path repo) {
    return new TrackedSession("acme", "u1", "platform", SourceTool.CLAUDE_CODE, id, "github.com/acme/app", "main", repo,
        T0, T0.plusSeconds(1800), T0.plusSeconds(1800));
  }

  @Test
  void aFinishedSessionsCommitsArePublishedOnceWithCountsAndTheSessionsWindow() {
    CommitCollector c = collector(EfficiencyState.open(state));
    assertThat(c.collect(List.of(session("s1", Path.of("/repo"))))).isEqualTo(2);
    assertThat(logCalls).singleElement().satisfies(call -> {
      assertThat(call[1]).isEqualTo("dev@example.com");
      assertThat(call[2]).isEqualTo(T0);
      assertThat(call[3]).isEqualTo(T0.plusSeconds(1800).plus(Duration.ofMinutes(15)));
    });
    assertThat(publisher.commits).extracting(SessionCommit::getCommitId)
        .containsExactly("acme|github.com/acme/app|" + A, "acme|github.com/acme/app|" + B);
    SessionCommit first = publisher.commits.get(0);
    assertThat(first.getLinesAdded()).isEqualTo(10);
    assertThat(first.getLinesRemoved()).isEqualTo(2);
    assertThat(first.getFilesChanged()).isEqualTo(1);
    assertThat(first.getSessionId()).isEqualTo("s1");
    assertThat(first.getBranch()).isEqualTo("main");
    assertThat(first.getObservedTime()).isEqualTo(clock.instant());

    // a second session in the same repository sees the same commits: nothing new is sent, also after a restart
    CommitCollector afterRestart = collector(EfficiencyState.open(state));
    assertThat(afterRestart.collect(List.of(session("s2", Path.of("/repo"))))).isZero();
    assertThat(publisher.commits).hasSize(2);
  }

  @Test
  void aFailedSendKeepsTheRoundForTheNextOneAcrossARestartAndARepositoryWithoutEmailIsSkipped() {
    CommitCollector c = collector(EfficiencyState.open(state));
    publisher.fail = true;
    assertThat(c.collect(List.of(session("s1", Path.of("/repo")), session("s3", Path.of("/no-email"))))).isZero();
    assertThat(c.waiting()).as("the failed session and the rest of the round").isEqualTo(2);
    assertThat(logCalls).as("one timeout per round, not one per session").hasSize(1);
    publisher.fail = false;
    CommitCollector afterRestart = collector(EfficiencyState.open(state));
    assertThat(afterRestart.waiting()).isEqualTo(2);
    assertThat(afterRestart.collect(List.of())).isEqualTo(2);
    assertThat(afterRestart.waiting()).isZero();
    assertThat(afterRestart.published()).isEqualTo(2);
    assertThat(logCalls).as("the session without an e-mail never ran git").hasSize(2);
    assertThat(collector(EfficiencyState.open(state)).waiting()).isZero();
  }

  @Test
  void sessionsOpenWhenTheAgentStopsAreReadAfterTheNextStart() {
    CommitCollector c = collector(EfficiencyState.open(state));
    c.keepForLater(List.of(session("open", Path.of("/repo"))));
    CommitCollector next = collector(EfficiencyState.open(state));
    assertThat(next.collect(List.of())).isEqualTo(2);
    assertThat(publisher.commits).extracting(SessionCommit::getSessionId).containsOnly("open");
  }

  static final class RecordingPublisher implements EfficiencyPublisher {
    final List<SessionCommit> commits = new ArrayList<>();
    final List<McpInventoryEntry> inventory = new ArrayList<>();
    boolean fail;

    @Override
    public void commits(List<SessionCommit> records) {
      if (fail) {
        throw new IllegalStateException("broker unreachable");
      }
      commits.addAll(records);
    }

    @Override
    public void inventory(List<McpInventoryEntry> entries) {
      if (fail) {
        throw new IllegalStateException("broker unreachable");
      }
      inventory.addAll(entries);
    }
  }
}
