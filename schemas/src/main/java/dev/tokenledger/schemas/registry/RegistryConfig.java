package dev.tokenledger.schemas.registry;

import dev.tokenledger.retry.RetryPolicy;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

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

  /**
   * Defaults: 5 s per request, 6 attempts, 100 ms doubling up to 2 s (about 5 s of retrying). A
   * {@code user:password@} in the URL becomes the basic-auth credentials (and leaves the URL, so that it
   * never appears in a log line).
   */
  public static RegistryConfig of(String baseUrl) {
    URI uri = URI.create(baseUrl);
    String basicAuth = null;
    if (uri.getRawUserInfo() != null) {
      basicAuth = URLDecoder.decode(uri.getRawUserInfo(), StandardCharsets.UTF_8);
      uri = URI.create(uri.getScheme() + "://" + uri.getRawAuthority().substring(uri.getRawAuthority().indexOf('@') + 1)
          + (uri.getRawPath() == null ? "" : uri.getRawPath()) + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    }
    return new RegistryConfig(uri, Duration.ofSeconds(5), 6, Duration.ofMillis(100), Duration.ofSeconds(2), basicAuth);
  }

  /** These settings with {@code user:password} basic authentication, when present (else unchanged). */
  public RegistryConfig withBasicAuth(Optional<String> userInfo) {
    return userInfo.map(u -> new RegistryConfig(baseUrl, requestTimeout, maxAttempts, initialBackoff, maxBackoff, u))
        .orElse(this);
  }

  /** The settings with the password masked. */
  @Override
  public String toString() {
    String auth = basicAuth == null ? "none" : basicAuth.substring(0, Math.max(0, basicAuth.indexOf(':'))) + ":********";
    return "RegistryConfig[baseUrl=" + baseUrl + ", requestTimeout=" + requestTimeout + ", maxAttempts=" + maxAttempts
        + ", initialBackoff=" + initialBackoff + ", maxBackoff=" + maxBackoff + ", basicAuth=" + auth + "]";
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
