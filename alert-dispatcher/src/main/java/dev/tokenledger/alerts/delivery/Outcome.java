package dev.tokenledger.alerts.delivery;

/** How a (breach, channel) was settled; either way it is never attempted again. */
public enum Outcome {
  /** The channel answered 2xx. */
  DELIVERED,
  /** Refused, failed past the retry policy, or named a channel that is not configured. */
  DEAD_LETTERED
}
