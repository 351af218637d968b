package dev.tokenledger.processor.streams;

/**
 * The version of the rollup stores' key layout, recorded in the {@code rollup-clock} store next to the
 * stream time. State of layout 1 cannot be read by this one (its keys lack the org id, ADR 0204's
 * amendment): rather than crash on the first key it cannot parse, or count the open periods from zero,
 * the rollup task refuses to start and says how to reset. State of layout 2 (session marks per dimension
 * value and session) is moved to layout 3 at start-up ({@link SessionMarksMigration}, ADR 0228).
 */
final class RollupStateLayout {

  /** The clock-store key of the layout version. */
  static final String KEY = "layout";
  /**
   * 3: session marks per organisation and session (ADR 0228). 2: every key starts with the org id, session
   * marks per dimension value and session. (1, unrecorded: dimension|value keys.)
   */
  static final long CURRENT = 3;
  /** The layout whose session marks are moved to {@link #CURRENT}'s at start-up. */
  static final long MIGRATED = 2;

  private RollupStateLayout() {}

  /**
   * Checks the recorded layout of a task's rollup state: nothing recorded and no state yet (a new
   * task) is fine and the caller records {@link #CURRENT}; layout {@link #MIGRATED} is fine once the caller
   * has moved its session marks and recorded {@link #CURRENT}; state without a record, or another version,
   * is refused.
   *
   * @param recorded the layout version in the clock store, or null
   * @param hasState whether the task has rollup state (a stream time)
   * @param task the task, for the message
   * @return true if the state is of layout {@link #MIGRATED} and its session marks must be moved
   * @throws IllegalStateException for state of another layout
   */
  static boolean check(Long recorded, boolean hasState, String task) {
    if (recorded == null ? !hasState : recorded == CURRENT) {
      return false;
    }
    if (recorded != null && recorded == MIGRATED) {
      return true;
    }
    throw new IllegalStateException("the rollup state of task " + task + " was written with key layout "
        + (recorded == null ? "1 (keys without the org id)" : recorded.toString()) + ", this version uses layout " + CURRENT
        + ". Stop the application and reset it so the rollups are rebuilt from the input: kafka-streams-application-reset"
        + " --application-id <id> --input-topics <usage.events.v1> --to-earliest (see docs/stream-processor.md, Upgrading)");
  }
}
