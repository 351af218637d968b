package dev.tokenledger.agent.efficiency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.events.SourceTool;
import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.schemas.testing.MutableClock;
import dev.tokenledger.schemas.testing.UsageEvents;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionTrackerTest {

  final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T12:00:00Z"));
  final SessionTracker tracker = new SessionTracker(clock);

  static UsageEvent event(String session, String time, String branch) {
    return UsageEvents.claude(session + time, Instant.parse(time)).setSessionId(session).setBranch(branch)
        .setSource(SourceTool.CLAUDE_CODE).build();
  }

  @Test
  void aSessionIsFinishedOnceNoEventWasSeenForTheIdleTimeAndSpansItsEventTimes() {
    tracker.observe(event("s1", "2026-11-20T11:30:00Z", "main"), Path.of("/repo"));
    tracker.observe(event("s1", "2026-11-20T11:00:00Z", null), Path.of("/repo"));
    clock.advance(Duration.ofMinutes(10));
    tracker.observe(event("s1", "2026-11-20T11:50:00Z", "feature"), Path.of("/repo"));
    clock.advance(Duration.ofMinutes(5));
    tracker.observe(event("s2", "2026-11-20T11:40:00Z", "main"), Path.of("/other"));
    clock.advance(Duration.ofMinutes(9));
    assertThat(tracker.finished(Duration.ofMinutes(15))).isEmpty();
    clock.advance(Duration.ofMinutes(1));
    assertThat(tracker.finished(Duration.ofMinutes(15))).singleElement().satisfies(s -> {
      assertThat(s.sessionId()).isEqualTo("s1");
      assertThat(s.firstEvent()).isEqualTo(Instant.parse("2026-11-20T11:00:00Z"));
      assertThat(s.lastEvent()).isEqualTo(Instant.parse("2026-11-20T11:50:00Z"));
      assertThat(s.branch()).isEqualTo("feature");
      assertThat(s.repository()).isEqualTo(Path.of("/repo"));
    });
    assertThat(tracker.size()).isEqualTo(1);
    clock.advance(Duration.ofMinutes(5));
    assertThat(tracker.finished(Duration.ofMinutes(15))).extracting(TrackedSession::sessionId).containsExactly("s2");
    assertThat(tracker.all()).isEmpty();
  }

  @Test
  void allHandsOverEverySession() {
    tracker.observe(event("s1", "2026-11-20T11:30:00Z", "main"), Path.of("/repo"));
    tracker.observe(event("s1", "2026-11-20T11:31:00Z", "main"), Path.of("/worktree"));
    assertThat(tracker.all()).hasSize(2);
    assertThat(tracker.size()).isZero();
  }
}
