package dev.tokenledger.alerts.app;

import dev.tokenledger.alerts.channel.Channel;
import dev.tokenledger.alerts.channel.Contributors;
import dev.tokenledger.alerts.channel.http.HttpPoster;
import dev.tokenledger.alerts.channel.http.SlackChannel;
import dev.tokenledger.alerts.channel.http.WebhookChannel;
import dev.tokenledger.alerts.channel.http.WebhookSignature;
import dev.tokenledger.alerts.config.ChannelSettings;
import java.time.Clock;

/** A configured channel as the adapter its type names. */
final class ChannelFactory {

  private ChannelFactory() {}

  static Channel create(ChannelSettings c, HttpPoster http, Contributors contributors, Clock clock) {
    return switch (c.type()) {
      case WEBHOOK -> new WebhookChannel(c.name(), c.url(), c.secret().map(s -> new WebhookSignature(s.reveal())), http, clock);
      case SLACK -> new SlackChannel(c.name(), c.url(), http, contributors);
    };
  }
}
