package dev.tokenledger.alerts.delivery;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A channel's rate limit: {@code ratePerMinute} tokens a minute, at most {@code burst} saved up. Each
 * attempt takes one; {@link #reserve()} says how long to wait for it (a reservation: the caller waits that
 * long and then goes, so callers are served in order). The receiver may ask for a pause ({@code
 * Retry-After}): {@link #pauseFor} holds every later attempt of the channel until it ends, at most {@code
 * maxPause}. The clock is injectable for tests.
 */
public final class TokenBucket {

  private final double nanosPerToken;
  private final double capacity;
  private final LongSupplier nanoTime;
  private final long maxPauseNanos;
  private double tokens;
  private long last;
  private long pausedUntil;

  public TokenBucket(int ratePerMinute, int burst, LongSupplier nanoTime) {
    this(ratePerMinute, burst, Duration.ZERO, nanoTime);
  }

  /** @param maxPause the longest pause {@link #pauseFor} imposes (zero: pauses are ignored) */
  public TokenBucket(int ratePerMinute, int burst, Duration maxPause, LongSupplier nanoTime) {
    if (ratePerMinute < 1 || burst < 1) {
      throw new IllegalArgumentException("rate and burst must be at least 1");
    }
    if (maxPause.isNegative()) {
      throw new IllegalArgumentException("maxPause must not be negative");
    }
    this.nanosPerToken = 60e9 / ratePerMinute;
    this.capacity = burst;
    this.maxPauseNanos = maxPause.toNanos();
    this.nanoTime = nanoTime;
    this.tokens = burst;
    this.last = nanoTime.getAsLong();
    this.pausedUntil = last;
  }

  /**
   * Holds every attempt reserved from now on until {@code pause} (cut to the maximum) has passed; a
   * shorter pause than one already running changes nothing. Returns the pause applied.
   */
  public synchronized Duration pauseFor(Duration pause) {
    long nanos = Math.min(Math.max(0, pause.toNanos()), maxPauseNanos);
    long now = nanoTime.getAsLong();
    if (now + nanos - pausedUntil > 0) {
      pausedUntil = now + nanos;
    }
    return Duration.ofNanos(nanos);
  }

  /** Takes a token; returns how long to wait before using it (zero when one was saved up). */
  public synchronized Duration reserve() {
    long now = nanoTime.getAsLong();
    tokens = Math.min(capacity, tokens + (now - last) / nanosPerToken);
    last = now;
    tokens -= 1;
    long forToken = tokens >= 0 ? 0 : (long) Math.ceil(-tokens * nanosPerToken);
    return Duration.ofNanos(Math.max(forToken, pausedUntil - now));
  }
}
