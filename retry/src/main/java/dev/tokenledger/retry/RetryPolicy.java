package dev.tokenledger.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Bounded exponential backoff: how long to wait after the n-th consecutive failure, and when to stop.
 *
 * <p>The nominal wait after failure {@code n} (1-based) is {@code initialDelay * multiplier^(n-1)},
 * capped at {@code maxDelay}. With jitter {@code j} the actual wait is drawn from
 * {@code [nominal * (1 - j), nominal]}: jitter only shortens a wait, so the cap and the time limit hold
 * whatever the draw. Retrying stops after {@code maxAttempts} failed attempts, or when the time from the
 * first failure to the end of the next wait would pass {@code deadline}, whichever comes first.
 *
 * <p>Immutable; build with {@link #exponential} and the {@code with…} methods.
 */
public final class RetryPolicy {

  /** No limit on the number of attempts (a deadline, a stop flag or the operator ends retrying). */
  public static final int UNLIMITED_ATTEMPTS = Integer.MAX_VALUE;

  private final Duration initialDelay;
  private final double multiplier;
  private final Duration maxDelay;
  private final double jitter;
  private final int maxAttempts;
  private final Duration deadline;

  private RetryPolicy(Duration initialDelay, double multiplier, Duration maxDelay, double jitter, int maxAttempts,
      Duration deadline) {
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    if (initialDelay.isNegative() || initialDelay.isZero()) {
      throw new IllegalArgumentException("initial delay must be positive, got " + initialDelay);
    }
    if (maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException("max delay " + maxDelay + " is shorter than the initial delay " + initialDelay);
    }
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException("multiplier must be a finite number >= 1, got " + multiplier);
    }
    if (!(jitter >= 0.0 && jitter < 1.0)) {
      throw new IllegalArgumentException("jitter must be in [0, 1), got " + jitter);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("max attempts must be >= 1, got " + maxAttempts);
    }
    if (deadline != null && deadline.isNegative()) {
      throw new IllegalArgumentException("deadline must not be negative, got " + deadline);
    }
    this.initialDelay = initialDelay;
    this.multiplier = multiplier;
    this.maxDelay = maxDelay;
    this.jitter = jitter;
    this.maxAttempts = maxAttempts;
    this.deadline = deadline;
  }

  /**
   * Doubling from {@code initialDelay} up to {@code maxDelay}, no jitter, no limit on attempts or time
   * (add them with {@link #withMaxAttempts} and {@link #withDeadline}).
   */
  public static RetryPolicy exponential(Duration initialDelay, Duration maxDelay) {
    return new RetryPolicy(initialDelay, 2.0, maxDelay, 0.0, UNLIMITED_ATTEMPTS, null);
  }

  public RetryPolicy withMultiplier(double multiplier) {
    return new RetryPolicy(initialDelay, multiplier, maxDelay, jitter, maxAttempts, deadline);
  }

  public RetryPolicy withMaxDelay(Duration maxDelay) {
    return new RetryPolicy(initialDelay, multiplier, maxDelay, jitter, maxAttempts, deadline);
  }

  /** @param jitter the fraction a wait may be shortened by at random, in {@code [0, 1)} */
  public RetryPolicy withJitter(double jitter) {
    return new RetryPolicy(initialDelay, multiplier, maxDelay, jitter, maxAttempts, deadline);
  }

  /** @param maxAttempts attempts in all (the first one included), at least 1 */
  public RetryPolicy withMaxAttempts(int maxAttempts) {
    return new RetryPolicy(initialDelay, multiplier, maxDelay, jitter, maxAttempts, deadline);
  }

  /** @param deadline the longest time from the first failure to the end of a wait; zero retries nothing */
  public RetryPolicy withDeadline(Duration deadline) {
    return new RetryPolicy(initialDelay, multiplier, maxDelay, jitter, maxAttempts,
        Objects.requireNonNull(deadline, "deadline"));
  }

  public Duration initialDelay() {
    return initialDelay;
  }

  public double multiplier() {
    return multiplier;
  }

  public Duration maxDelay() {
    return maxDelay;
  }

  public double jitter() {
    return jitter;
  }

  public int maxAttempts() {
    return maxAttempts;
  }

  public Optional<Duration> deadline() {
    return Optional.ofNullable(deadline);
  }

  /** The nominal (unjittered) wait after the {@code failures}-th consecutive failure (1-based). */
  public Duration delay(int failures) {
    if (failures < 1) {
      throw new IllegalArgumentException("failures must be >= 1, got " + failures);
    }
    double nanos = initialDelay.toNanos() * Math.pow(multiplier, failures - 1.0);
    return nanos >= maxDelay.toNanos() ? maxDelay : Duration.ofNanos(Math.round(nanos));
  }

  /**
   * The wait after the {@code failures}-th consecutive failure with jitter applied.
   *
   * @param random a uniform draw in {@code [0, 1)}; 0 gives the nominal wait
   */
  public Duration delay(int failures, double random) {
    if (!(random >= 0.0 && random < 1.0)) {
      throw new IllegalArgumentException("random must be in [0, 1), got " + random);
    }
    Duration nominal = delay(failures);
    if (jitter == 0.0) {
      return nominal;
    }
    return Duration.ofNanos(Math.round(nominal.toNanos() * (1.0 - jitter * random)));
  }

  /** Whether another attempt may follow {@code failures} failed ones, as far as the attempt limit goes. */
  public boolean attemptsLeft(int failures) {
    return failures < maxAttempts;
  }

  /** Whether waiting {@code wait} after {@code elapsed} since the first failure stays within the deadline. */
  public boolean withinDeadline(Duration elapsed, Duration wait) {
    return deadline == null || elapsed.plus(wait).compareTo(deadline) <= 0;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RetryPolicy p && initialDelay.equals(p.initialDelay) && multiplier == p.multiplier
        && maxDelay.equals(p.maxDelay) && jitter == p.jitter && maxAttempts == p.maxAttempts
        && Objects.equals(deadline, p.deadline);
  }

  @Override
  public int hashCode() {
    return Objects.hash(initialDelay, multiplier, maxDelay, jitter, maxAttempts, deadline);
  }

  @Override
  public String toString() {
    return "RetryPolicy[" + initialDelay + " x" + multiplier + " up to " + maxDelay
        + (jitter > 0 ? ", jitter " + jitter : "")
        + (maxAttempts == UNLIMITED_ATTEMPTS ? "" : ", " + maxAttempts + " attempts")
        + (deadline == null ? "" : ", deadline " + deadline) + "]";
  }
}
