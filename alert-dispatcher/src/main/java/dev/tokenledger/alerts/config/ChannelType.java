package dev.tokenledger.alerts.config;

import java.util.Locale;

/** How a channel is delivered to. */
public enum ChannelType {
  /** A signed JSON POST (HMAC-SHA256) to any HTTP endpoint. */
  WEBHOOK,
  /** A Slack incoming webhook. */
  SLACK;

  public static ChannelType parse(String text) {
    return valueOf(text.trim().toUpperCase(Locale.ROOT));
  }

  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
