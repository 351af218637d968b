package dev.tokenledger.schemas.registry;

import dev.tokenledger.retry.RetryPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach a Confluent-compatible Schema Registry.
 *
 * @param baseUrl e.g. {@code http://127.0.0.1:18081/apis/ccompat/v7} or {@code https://sr.example.com}
 * @param requestTimeout per HTTP request
 * @param maxAttempts attempts for transient failures (connection refused, timeouts, 5xx), at least 1
 * @param initialBackoff first retry delay; doubled on each attempt up to {@code maxBackoff}
 * @param maxBackoff upper bound of the retry delay
 * @param basicAuth optional {@code user:password}, or {@code null}
 */
public record RegistryConfig(
    URI baseUrl,
    Duration requestTimeout,
    int maxAttempts,
    Duration initialBackoff,
    Duration maxBackoff,
    String basicAuth) {

  public RegistryConfig {
    Objects.requireNonNull(baseUrl, "baseUrl");
    if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) {
      throw new IllegalArgumentException("schema registry URL must be http(s): " + baseUrl);
    }
    String text = baseUrl.toString();
    if (text.endsWith("/")) {
      baseUrl = URI.create(text.substring(0, text.length() - 1));
    }
    requirePositive(requestTimeout, "requestTimeout");
    requirePositive(initialBackoff, "initialBackoff");
    requirePositive(maxBackoff, "maxBackoff");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, was " + maxAttempts);
    }
  }

  /** Defaults: 5 s per request, 6 attempts, 100 ms doubling up to 2 s (about 5 s of retrying). */
  public static RegistryConfig of(String baseUrl) {
    return new RegistryConfig(
        URI.create(baseUrl), Duration.ofSeconds(5), 6, Duration.ofMillis(100), Duration.ofSeconds(2), null);
  }

  public RegistryConfig withRetries(int attempts, Duration initial, Duration max) {
    return new RegistryConfig(baseUrl, requestTimeout, attempts, initial, max, basicAuth);
  }

  /**
   * The retry policy these settings describe: {@code maxAttempts} attempts, waits doubling from
   * {@code initialBackoff} up to {@code maxBackoff} (or {@code initialBackoff} if that is longer), no
   * jitter, no time limit beyond the attempts.
   */
  public RetryPolicy retryPolicy() {
    Duration cap = maxBackoff.compareTo(initialBackoff) < 0 ? initialBackoff : maxBackoff;
    return RetryPolicy.exponential(initialBackoff, cap).withMaxAttempts(maxAttempts);
  }

  public RegistryConfig withTimeout(Duration timeout) {
    return new RegistryConfig(baseUrl, timeout, maxAttempts, initialBackoff, maxBackoff, basicAuth);
  }

  private static void requirePositive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration, was " + d);
    }
  }
}
