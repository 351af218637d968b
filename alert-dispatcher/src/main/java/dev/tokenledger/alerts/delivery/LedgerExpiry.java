package dev.tokenledger.alerts.delivery;

import dev.tokenledger.alerts.alert.Digest;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

/**
 * When a settled pair may leave the delivery ledger: once its breach can no longer be read from the
 * breach topic (the topic's retention has deleted it), the ledger entry protects nothing and only costs
 * memory in every dispatcher. A digest's entry matters on its own day only, and is kept a week.
 *
 * @param keep how long after its settlement a breach's entry is kept; zero keeps it forever
 */
public record LedgerExpiry(Duration keep) {

  public static final Duration DIGEST_KEEP = Duration.ofDays(7);

  /** What is expired at {@code now}. */
  public Predicate<Settlement> at(Instant now) {
    return s -> s.key().breachId().startsWith(Digest.ID_PREFIX)
        ? s.time().isBefore(now.minus(DIGEST_KEEP))
        : !keep.isZero() && s.time().isBefore(now.minus(keep));
  }

  /**
   * The keep to use given the breach topic's {@code retention.ms} and {@code segment.ms} (-1: forever):
   * never shorter than a record can survive there (retention plus one segment, plus a day).
   */
  public static Duration safeKeep(Duration configured, long retentionMs, long segmentMs) {
    if (configured.isZero() || retentionMs < 0) {
      return Duration.ZERO;
    }
    Duration survives = Duration.ofMillis(retentionMs).plusMillis(Math.max(0, segmentMs)).plusDays(1);
    return configured.compareTo(survives) >= 0 ? configured : survives;
  }
}
