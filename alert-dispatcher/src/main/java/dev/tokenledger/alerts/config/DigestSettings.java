package dev.tokenledger.alerts.config;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * The optional daily digest: at {@code at} in {@code zone}, one message per channel listing the budgets that
 * name it, read from the organisation API with a finance or admin token.
 *
 * @param channels the channels that get a digest even when no budget names them; empty: the channels some budget names
 */
public record DigestSettings(LocalTime at, ZoneId zone, SecretUrl apiUrl, Secret apiToken, List<String> channels) {

  public DigestSettings {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(apiUrl, "apiUrl");
    Objects.requireNonNull(apiToken, "apiToken");
    channels = List.copyOf(channels);
  }
}
