package dev.tokenledger.agent.efficiency;

import dev.tokenledger.agent.commits.GitCommitLog;
import dev.tokenledger.agent.commits.SeenCommit;
import dev.tokenledger.events.SessionCommit;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the commits of finished sessions and publishes each once (ADR 0620): per session, the commits in
 * its repository by the repository's {@code user.email}, committed from its first event to its last plus
 * a grace; commits already published (by id) are left out. After a failed send the session and the rest
 * of the round are kept (in {@link EfficiencyState}, so across restarts) and tried again with the next
 * round — one unreachable broker costs one timeout per round, not one per session; a session whose
 * repository cannot be read (no git, no e-mail, a timeout) is dropped with a log line.
 */
public final class CommitCollector {

  private static final Logger LOG = LoggerFactory.getLogger(CommitCollector.class);
  /** Sessions kept for another try at most. */
  static final int MAX_RETRIES = 1_000;

  /** The commit reader: {@link GitCommitLog#commits}. */
  @FunctionalInterface
  public interface CommitLog {
    GitCommitLog.Result commits(Path repository, String authorEmail, Instant from, Instant to);
  }

  private final CommitLog log;
  private final Function<Path, Optional<String>> authorEmail;
  private final EfficiencyPublisher publisher;
  private final EfficiencyState state;
  private final Clock clock;
  private final Duration grace;
  private final List<TrackedSession> retry = new ArrayList<>();
  private long published;

  public CommitCollector(CommitLog log, Function<Path, Optional<String>> authorEmail, EfficiencyPublisher publisher,
      EfficiencyState state, Clock clock, Duration grace) {
    this.log = log;
    this.authorEmail = authorEmail;
    this.publisher = publisher;
    this.state = state;
    this.clock = clock;
    this.grace = grace;
    this.retry.addAll(state.pendingSessions());
  }

  /** Reads and publishes the commits of {@code finished} (and of sessions kept from a failed try); returns how many were published. */
  public synchronized int collect(List<TrackedSession> finished) {
    List<TrackedSession> sessions = new ArrayList<>(retry);
    retry.clear();
    sessions.addAll(finished);
    int sent = 0;
    boolean failed = false;
    for (TrackedSession s : sessions) {
      if (failed) {
        keep(s);
        continue;
      }
      List<SessionCommit> records = read(s);
      if (records.isEmpty()) {
        continue;
      }
      try {
        publisher.commits(records);
        state.commitsPublished(records.stream().map(SessionCommit::getCommitId).toList());
        sent += records.size();
      } catch (RuntimeException e) {
        LOG.warn("commits of session {} not published, {} sessions will be tried again: {}", s.sessionId(),
            sessions.size() - sessions.indexOf(s), e.getMessage());
        failed = true;
        keep(s);
      }
    }
    state.pendingSessions(retry);
    published += sent;
    return sent;
  }

  /** Keeps sessions to try again (open ones when the agent stops, so the next start reads their commits). */
  public synchronized void keepForLater(List<TrackedSession> sessions) {
    sessions.forEach(this::keep);
    state.pendingSessions(retry);
  }

  private void keep(TrackedSession s) {
    if (retry.size() < MAX_RETRIES) {
      retry.add(s);
    }
  }

  /** Commits published by this instance. */
  public synchronized long published() {
    return published;
  }

  /** Sessions waiting for another try. */
  public synchronized int waiting() {
    return retry.size();
  }

  private List<SessionCommit> read(TrackedSession s) {
    Optional<String> email = authorEmail.apply(s.repository());
    if (email.isEmpty()) {
      LOG.debug("session {}: no user.email in its repository, no commits read", s.sessionId());
      return List.of();
    }
    GitCommitLog.Result result = log.commits(s.repository(), email.get(), s.firstEvent(), s.lastEvent().plus(grace));
    result.problem().ifPresent(p -> LOG.info("session {}: commits not read: {}", s.sessionId(), p));
    Instant now = clock.instant();
    Map<String, SessionCommit> out = new LinkedHashMap<>();
    for (SeenCommit c : result.commits()) {
      SessionCommit r = EfficiencyRecords.commit(s, c, now);
      if (!state.commitPublished(r.getCommitId())) {
        out.putIfAbsent(r.getCommitId(), r);
      }
    }
    return List.copyOf(out.values());
  }
}
