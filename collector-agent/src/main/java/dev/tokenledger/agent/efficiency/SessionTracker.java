package dev.tokenledger.agent.efficiency;

import dev.tokenledger.events.UsageEvent;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The sessions seen since the agent started, per (session, repository root), until they have been idle
 * long enough to be finished. Fed by the attribution of every event (scanner threads and the intake),
 * drained by {@link #finished}. Thread-safe.
 */
public final class SessionTracker {

  /** Sessions tracked at most (a bound against a pathological log; the oldest-seen is dropped). */
  static final int MAX_SESSIONS = 10_000;

  private final Clock clock;
  private final Map<String, TrackedSession> sessions = new HashMap<>();

  public SessionTracker(Clock clock) {
    this.clock = clock;
  }

  /** Notes an event attributed to the repository at {@code repository}. */
  public synchronized void observe(UsageEvent e, Path repository) {
    Instant seen = clock.instant();
    String key = e.getSessionId() + "\u0000" + repository;
    TrackedSession s = sessions.get(key);
    if (s == null) {
      if (sessions.size() >= MAX_SESSIONS) {
        dropOldest();
      }
      sessions.put(key, new TrackedSession(e.getOrgId(), e.getUserId(), e.getTeam(), e.getSource(), e.getSessionId(),
          e.getProjectId(), e.getBranch(), repository, e.getEventTime(), e.getEventTime(), seen));
    } else {
      sessions.put(key, s.with(e.getEventTime(), seen, e.getBranch()));
    }
  }

  /** Removes and returns the sessions with no new event seen for {@code idle}. */
  public synchronized List<TrackedSession> finished(Duration idle) {
    Instant before = clock.instant().minus(idle);
    List<TrackedSession> out = new ArrayList<>();
    for (Iterator<TrackedSession> it = sessions.values().iterator(); it.hasNext(); ) {
      TrackedSession s = it.next();
      if (!s.lastSeen().isAfter(before)) {
        out.add(s);
        it.remove();
      }
    }
    return out;
  }

  /** Removes and returns every session (a backfill ends: what it read is history). */
  public synchronized List<TrackedSession> all() {
    List<TrackedSession> out = new ArrayList<>(sessions.values());
    sessions.clear();
    return out;
  }

  public synchronized int size() {
    return sessions.size();
  }

  private void dropOldest() {
    sessions.entrySet().stream().min(Map.Entry.comparingByValue((a, b) -> a.lastSeen().compareTo(b.lastSeen())))
        .ifPresent(e -> sessions.remove(e.getKey()));
  }
}
