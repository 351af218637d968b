package dev.tokenledger.alerts.channel.http;

import dev.tokenledger.alerts.alert.Alert;
import dev.tokenledger.alerts.alert.Digest;
import dev.tokenledger.alerts.alert.Variance;
import dev.tokenledger.alerts.channel.Channel;
import dev.tokenledger.alerts.channel.Contributors;
import dev.tokenledger.alerts.channel.DeliveryException;
import dev.tokenledger.alerts.config.SecretUrl;
import java.util.List;
import java.util.Map;

/**
 * A Slack incoming webhook: {@link SlackMessage}. The idempotency key is sent too, though Slack ignores it
 * (ADR 0500 on the one window in which Slack may therefore show an alert twice).
 */
public final class SlackChannel implements Channel {

  private final String name;
  private final SecretUrl url;
  private final HttpPoster http;
  private final Contributors contributors;

  public SlackChannel(String name, SecretUrl url, HttpPoster http, Contributors contributors) {
    this.name = name;
    this.url = url;
    this.http = http;
    this.contributors = contributors;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void deliver(Alert alert, String idempotencyKey) throws DeliveryException {
    List<String> top;
    try {
      top = contributors.top(alert);
    } catch (RuntimeException e) {
      top = List.of();
    }
    byte[] body = HttpPoster.utf8(SlackMessage.render(alert, top));
    http.post(url, Map.of(WebhookSignature.IDEMPOTENCY_HEADER, idempotencyKey), body);
  }

  @Override
  public void deliverDigest(Digest digest, String idempotencyKey) throws DeliveryException {
    byte[] body = HttpPoster.utf8(SlackMessage.renderDigest(digest));
    http.post(url, Map.of(WebhookSignature.IDEMPOTENCY_HEADER, idempotencyKey), body);
  }

  @Override
  public void deliverVariance(Variance variance, String idempotencyKey) throws DeliveryException {
    byte[] body = HttpPoster.utf8(SlackMessage.renderVariance(variance));
    http.post(url, Map.of(WebhookSignature.IDEMPOTENCY_HEADER, idempotencyKey), body);
  }

  @Override
  public String toString() {
    return "slack " + name + " " + url;
  }
}
