package dev.tokenledger.processor.streams;

/** Names of the topology's state stores (their changelog topics derive from them). */
public final class StoreNames {

  /** Window store eventId -> event time; retention = dedup retention. */
  public static final String DEDUP = "dedup-event-ids";
  /** Per organisation and request id: the priced version of the request in effect (ADR 0145). */
  public static final String PRECEDENCE = "request-precedence";
  /** eventId -> event, for events waiting for a price (UNKNOWN_MODEL). */
  public static final String UNPRICED = "unpriced-events";
  /** eventId -> wall-clock millis when the event was parked (for events.parked_max_age and `streams parked`). */
  public static final String UNPRICED_SINCE = "unpriced-since";
  /** topic/partition/offset of a control-topic record -> when its rejection was published (task 0 only). */
  public static final String CONTROL_REJECTS_REPORTED = "control-rejects-reported";
  /** Global: price key -> raw ModelPrice bytes (from the price topic); !rejected|origin -> an encoded rejection. */
  public static final String PRICES = "prices";
  /** Global: orgId|budgetId (or a bare budget id, before keys were scoped) -> raw Budget bytes; !rejected|origin → a rejection. */
  public static final String BUDGETS = "budgets";
  /** orgId|dimension|value -> the current bucket of each period (binary RollupBuckets, ADR 0204). */
  public static final String ROLLUP_CURRENT = "rollup-current";
  /** rollup key -> an older bucket still inside its grace (binary RollupBuckets holding one bucket). */
  public static final String ROLLUP_OLDER = "rollup-older";
  /**
   * Layout 2 (until ADR 0228): orgId|dimension|value|session id -> the open buckets the session was seen in (binary
   * SessionMarks). Kept only to move what an earlier version wrote into {@link #ROLLUP_SESSION_SEEN} at start-up.
   */
  public static final String ROLLUP_SESSIONS = "rollup-session-marks";
  /** orgId|session id -> the open buckets of every dimension value the session was seen in (binary SessionSeen, ADR 0228). */
  public static final String ROLLUP_SESSION_SEEN = "rollup-session-seen";
  /** C|orgId|dimension|value (bit mask of changed period slots) or B|rollup key changed since the last emission. */
  public static final String ROLLUP_DIRTY = "rollup-dirty";
  /** period end (padded millis)|B|rollup key or |S|session entry, to drop state once its grace has passed. */
  public static final String ROLLUP_EXPIRY = "rollup-expiry";
  /** The rollup task's stream time (highest event time added) and the layout version of its stores. */
  public static final String ROLLUP_CLOCK = "rollup-clock";
  /**
   * orgId|budgetId|period|period start|zone|scope|value -> "<period end millis> <spend>": the spend of a budget whose time
   * zone is not the organisation's, in its own periods (the rollups hold organisation-zone periods only).
   */
  public static final String BUDGET_SPEND = "budget-spend";
  /** breach id (and forecast id, {@code <breach id>|forecast}) -> detection time: thresholds already reported. */
  public static final String BREACHES_REPORTED = "breaches-reported";

  private StoreNames() {}
}
