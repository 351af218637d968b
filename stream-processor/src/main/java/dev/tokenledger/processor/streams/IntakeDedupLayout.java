package dev.tokenledger.processor.streams;

import java.time.Duration;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.kstream.Windowed;

/**
 * Which event ids an intake task's dedup window holds (ADR 0230). An event the precedence stage matches
 * (a Claude Code event with a request id, {@link RequestPrecedence#isMatched}) is de-duplicated once,
 * after the repartition, by organisation and request id — which covers its event id — so the intake
 * neither looks it up nor records it. Every other event is de-duplicated here by event id, as before.
 *
 * <p>State written by an earlier version holds matched events too, some possibly from before the
 * precedence stage existed (so not in {@code request-precedence}). Until one dedup retention has passed
 * since a task first ran with this layout, the intake still looks matched events up (it records no new
 * ones). When that was is kept per task in the {@code intake-layout} store: a task whose dedup window was
 * empty then (a new deployment) has nothing to look up.
 */
final class IntakeDedupLayout {

  /** The {@code intake-layout} key: when the task stopped recording matched events (wall-clock millis), or {@link #NEW}. */
  static final String KEY = "matched-unrecorded-since";
  /** Recorded by a task whose dedup window was empty when it first ran this layout. */
  static final long NEW = Long.MIN_VALUE;

  /** Matched events may be in the dedup window until this wall-clock time (exclusive). */
  private final long earlierEntriesUntil;

  private IntakeDedupLayout(long earlierEntriesUntil) {
    this.earlierEntriesUntil = earlierEntriesUntil;
  }

  /**
   * The layout of one task's dedup window, recorded in {@code layout} on the task's first start with it.
   *
   * @param now the processor's wall clock
   */
  static IntakeDedupLayout open(KeyValueStore<String, Long> layout, WindowStore<String, Long> dedup, long now,
      Duration retention) {
    Long since = layout.get(KEY);
    if (since == null) {
      since = hasEntries(dedup) ? now : NEW;
      layout.put(KEY, since);
    }
    return new IntakeDedupLayout(since == NEW ? Long.MIN_VALUE : saturatedAdd(since, retention.toMillis()));
  }

  /** Whether the dedup window may still hold matched events recorded by an earlier version at {@code now}. */
  boolean mayHoldMatched(long now) {
    return now < earlierEntriesUntil;
  }

  private static boolean hasEntries(WindowStore<String, Long> dedup) {
    try (KeyValueIterator<Windowed<String>, Long> it = dedup.all()) {
      return it.hasNext();
    }
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }
}
