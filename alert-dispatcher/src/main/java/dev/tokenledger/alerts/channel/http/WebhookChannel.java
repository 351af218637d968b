package dev.tokenledger.alerts.channel.http;

import dev.tokenledger.alerts.alert.Alert;
import dev.tokenledger.alerts.alert.Digest;
import dev.tokenledger.alerts.alert.Variance;
import dev.tokenledger.alerts.channel.Channel;
import dev.tokenledger.alerts.channel.DeliveryException;
import dev.tokenledger.alerts.config.SecretUrl;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A generic webhook: the alert as {@link AlertJson}, signed when a secret is configured, with its idempotency key. */
public final class WebhookChannel implements Channel {

  private final String name;
  private final SecretUrl url;
  private final Optional<WebhookSignature> signature;
  private final HttpPoster http;
  private final Clock clock;

  public WebhookChannel(String name, SecretUrl url, Optional<WebhookSignature> signature, HttpPoster http, Clock clock) {
    this.name = name;
    this.url = url;
    this.signature = signature;
    this.http = http;
    this.clock = clock;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void deliver(Alert alert, String idempotencyKey) throws DeliveryException {
    byte[] body = HttpPoster.utf8(AlertJson.render(alert, name, idempotencyKey));
    http.post(url, headers(idempotencyKey, clock.instant().getEpochSecond(), body), body);
  }

  Map<String, String> headers(String idempotencyKey, long epochSeconds, byte[] body) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put(WebhookSignature.IDEMPOTENCY_HEADER, idempotencyKey);
    h.put(WebhookSignature.TIMESTAMP_HEADER, Long.toString(epochSeconds));
    signature.ifPresent(s -> h.put(WebhookSignature.SIGNATURE_HEADER, s.sign(epochSeconds, body)));
    return h;
  }

  @Override
  public void deliverDigest(Digest digest, String idempotencyKey) throws DeliveryException {
    byte[] body = HttpPoster.utf8(AlertJson.renderDigest(digest, name, idempotencyKey));
    http.post(url, headers(idempotencyKey, clock.instant().getEpochSecond(), body), body);
  }

  @Override
  public void deliverVariance(Variance variance, String idempotencyKey) throws DeliveryException {
    byte[] body = HttpPoster.utf8(AlertJson.renderVariance(variance, name, idempotencyKey));
    http.post(url, headers(idempotencyKey, clock.instant().getEpochSecond(), body), body);
  }

  @Override
  public String toString() {
    return "webhook " + name + " " + url;
  }
}
