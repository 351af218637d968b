package dev.tokenledger.alerts.delivery;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A channel's rate limit: {@code ratePerMinute} tokens a minute, at most {@code burst} saved up. Each
 * attempt takes one; {@link #reserve()} says how long to wait for it (a reservation: the caller waits that
 * long and then goes, so callers are served in order). The clock is injectable for tests.
 */
public final class TokenBucket {

  private final double nanosPerToken;
  private final double capacity;
  private final LongSupplier nanoTime;
  private double tokens;
  private long last;

  public TokenBucket(int ratePerMinute, int burst, LongSupplier nanoTime) {
    if (ratePerMinute < 1 || burst < 1) {
      throw new IllegalArgumentException("rate and burst must be at least 1");
    }
    this.nanosPerToken = 60e9 / ratePerMinute;
    this.capacity = burst;
    this.nanoTime = nanoTime;
    this.tokens = burst;
    this.last = nanoTime.getAsLong();
  }

  /** Takes a token; returns how long to wait before using it (zero when one was saved up). */
  public synchronized Duration reserve() {
    long now = nanoTime.getAsLong();
    tokens = Math.min(capacity, tokens + (now - last) / nanosPerToken);
    last = now;
    tokens -= 1;
    if (tokens >= 0) {
      return Duration.ZERO;
    }
    return Duration.ofNanos((long) Math.ceil(-tokens * nanosPerToken));
  }
}
