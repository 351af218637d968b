package dev.tokenledger.alerts.config;

import java.util.Objects;

/**
 * A configured secret (a webhook's HMAC key): its value is read only by the code that uses it, and its
 * text form never shows it, so a secret printed by {@code --validate} or in a log line stays masked.
 */
public final class Secret {

  private final String value;
  private final String source;

  /** @param source where it came from, for {@code --validate} ("secret" or "secret_env NAME") */
  public Secret(String value, String source) {
    this.value = Objects.requireNonNull(value, "value");
    this.source = Objects.requireNonNull(source, "source");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("a secret must not be empty");
    }
  }

  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "****(" + source + ")";
  }
}
