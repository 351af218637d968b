package dev.tokenledger.alerts.config;

import java.util.Objects;
import java.util.Optional;

/**
 * One {@code [[channel]]}: where alerts named {@code name} by a budget go. Its URL and secret print masked.
 *
 * @param ratePerMinute deliveries per minute at most (token bucket)
 * @param burst deliveries that may go at once after a quiet spell (the bucket's size)
 */
public record ChannelSettings(String name, ChannelType type, SecretUrl url, Optional<Secret> secret, int ratePerMinute,
    int burst, int concurrency) {

  public ChannelSettings {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(secret, "secret");
    if (ratePerMinute < 1 || burst < 1) {
      throw new IllegalArgumentException("rate_per_minute and burst must be at least 1");
    }
    if (concurrency < 1 || concurrency > 32) {
      throw new IllegalArgumentException("concurrency must be 1..32");
    }
  }
}
