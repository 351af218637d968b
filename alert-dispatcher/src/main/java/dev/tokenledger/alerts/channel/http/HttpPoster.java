package dev.tokenledger.alerts.channel.http;

import dev.tokenledger.alerts.channel.DeliveryException;
import dev.tokenledger.alerts.config.SecretUrl;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Map;

/**
 * One JSON POST with {@link HttpClient}: 2xx is success; 408, 429 and 5xx and I/O failures are retriable;
 * any other answer is a refusal. Failure messages name the status or the exception type, never the URL
 * (scrubbed if the JDK's message holds it) nor the response body.
 */
public final class HttpPoster {

  private final HttpClient client;
  private final Duration requestTimeout;
  private final Clock clock;

  public HttpPoster(Duration connectTimeout, Duration requestTimeout, Clock clock) {
    this.client = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER).build();
    this.requestTimeout = requestTimeout;
    this.clock = clock;
  }

  public void post(SecretUrl url, Map<String, String> headers, byte[] body) throws DeliveryException {
    HttpRequest.Builder b = HttpRequest.newBuilder(url.reveal()).timeout(requestTimeout)
        .header("Content-Type", "application/json; charset=utf-8")
        .header("User-Agent", "tokenledger-alerts/1")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(b::header);
    HttpResponse<Void> response;
    try {
      response = client.send(b.build(), HttpResponse.BodyHandlers.discarding());
    } catch (HttpTimeoutException e) {
      throw new DeliveryException("timed out (" + e.getClass().getSimpleName() + ")", true);
    } catch (IOException e) {
      String detail = e.getMessage() == null ? "" : ": " + url.scrub(e.getMessage());
      throw new DeliveryException("I/O failure " + e.getClass().getSimpleName() + detail, true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryException("interrupted", true);
    }
    int status = response.statusCode();
    if (status / 100 == 2) {
      return;
    }
    boolean retriable = status == 408 || status == 429 || status >= 500;
    Optional<Duration> retryAfter = response.headers().firstValue("Retry-After")
        .flatMap(v -> RetryAfter.parse(v, clock.instant()));
    throw new DeliveryException("HTTP " + status + retryAfter.map(d -> " (Retry-After " + d.toSeconds() + " s)").orElse(""),
        retriable, retryAfter.orElse(null));
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
