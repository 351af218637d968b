package dev.tokenledger.processor.streams;

/**
 * The version of the rollup stores' key layout, recorded in the {@code rollup-clock} store next to the
 * stream time. State written by an earlier layout cannot be read by this one (its keys lack the org id,
 * ADR 0204's amendment): rather than crash on the first key it cannot parse, or count the open periods
 * from zero, the rollup task refuses to start and says how to reset.
 */
final class RollupStateLayout {

  /** The clock-store key of the layout version. */
  static final String KEY = "layout";
  /** 2: every key starts with the org id. (1, unrecorded: dimension|value keys.) */
  static final long CURRENT = 2;

  private RollupStateLayout() {}

  /**
   * Checks the recorded layout of a task's rollup state: nothing recorded and no state yet (a new
   * task) is fine and the caller records {@link #CURRENT}; state without a record, or another version,
   * is refused.
   *
   * @param recorded the layout version in the clock store, or null
   * @param hasState whether the task has rollup state (a stream time)
   * @param task the task, for the message
   * @throws IllegalStateException for state of another layout
   */
  static void check(Long recorded, boolean hasState, String task) {
    if (recorded == null ? !hasState : recorded == CURRENT) {
      return;
    }
    throw new IllegalStateException("the rollup state of task " + task + " was written with key layout "
        + (recorded == null ? "1 (keys without the org id)" : recorded.toString()) + ", this version uses layout " + CURRENT
        + ". Stop the application and reset it so the rollups are rebuilt from the input: kafka-streams-application-reset"
        + " --application-id <id> --input-topics <usage.events.v1> --to-earliest (see docs/stream-processor.md, Upgrading)");
  }
}
