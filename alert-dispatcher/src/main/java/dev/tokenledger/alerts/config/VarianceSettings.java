package dev.tokenledger.alerts.config;

import java.util.List;
import java.util.Objects;

/**
 * {@code [variances]}: reconciliation variances (ADR 0802), read from {@code topic} unless disabled.
 *
 * @param channels where every variance goes, besides the channels the variance itself names
 *     ({@code reconcile.alert_channels}); de-duplicated
 */
public record VarianceSettings(boolean enabled, String topic, List<String> channels) {

  public VarianceSettings {
    Objects.requireNonNull(topic, "topic");
    channels = List.copyOf(channels);
  }

  @Override
  public String toString() {
    return enabled ? "from " + topic + (channels.isEmpty() ? ", to the channels each names" : ", to " + channels
        + " and the channels each names") : "off";
  }
}
