package dev.tokenledger.alerts.channel.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import dev.tokenledger.alerts.channel.DeliveryException;
import dev.tokenledger.alerts.config.SecretUrl;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which answers are success, which are retried, which are final; no failure message holds the URL. */
class HttpPosterTest {

  private HttpServer server;
  private final HttpPoster http = new HttpPoster(Duration.ofSeconds(2), Duration.ofSeconds(2), CLOCK);
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", x -> {
      x.getRequestBody().readAllBytes();
      String query = x.getRequestURI().getQuery();
      if (query != null && query.startsWith("retry-after=")) {
        x.getResponseHeaders().add("Retry-After", java.net.URLDecoder.decode(query.substring(12), java.nio.charset.StandardCharsets.UTF_8));
      }
      x.sendResponseHeaders(Integer.parseInt(x.getRequestURI().getPath().split("/")[1]), -1);
      x.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private SecretUrl url(int status) {
    return SecretUrl.parse("http://127.0.0.1:" + server.getAddress().getPort() + "/" + status + "/T0SECRET");
  }

  @Test
  void aRetryAfterInSecondsOrAsADateIsPassedOnWithARetriableFailureOnly() {
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    DeliveryException seconds = catchThrowableOfType(DeliveryException.class,
        () -> http.post(SecretUrl.parse(base + "/429/x?retry-after=30"), Map.of(), new byte[0]));
    assertThat(seconds.retryAfter()).contains(Duration.ofSeconds(30));
    assertThat(seconds.getMessage()).isEqualTo("HTTP 429 (Retry-After 30 s)");
    DeliveryException date = catchThrowableOfType(DeliveryException.class,
        () -> http.post(SecretUrl.parse(base + "/503/x?retry-after=Mon,%2007%20Dec%202026%2010:02:00%20GMT"), Map.of(), new byte[0]));
    assertThat(date.retryAfter()).contains(Duration.ofMinutes(2));
    DeliveryException garbage = catchThrowableOfType(DeliveryException.class,
        () -> http.post(SecretUrl.parse(base + "/503/x?retry-after=soon"), Map.of(), new byte[0]));
    assertThat(garbage.retryAfter()).isEmpty();
    DeliveryException refused = catchThrowableOfType(DeliveryException.class,
        () -> http.post(SecretUrl.parse(base + "/400/x?retry-after=30"), Map.of(), new byte[0]));
    assertThat(refused.retryAfter()).as("a refusal is not retried, whatever it asks").isEmpty();
  }

  @Test
  void twoHundredsSucceed() {
    assertThatCode(() -> http.post(url(200), Map.of(), new byte[0])).doesNotThrowAnyException();
    assertThatCode(() -> http.post(url(204), Map.of(), new byte[0])).doesNotThrowAnyException();
  }

  @Test
  void serverErrorsTimeoutsAndRateLimitsAreRetriedOtherAnswersAreFinal() {
    for (int status : new int[] {500, 502, 503, 408, 429}) {
      DeliveryException e = catchThrowableOfType(DeliveryException.class, () -> http.post(url(status), Map.of(), new byte[0]));
      assertThat(e.retriable()).as("HTTP " + status).isTrue();
      assertThat(e.getMessage()).isEqualTo("HTTP " + status);
    }
    for (int status : new int[] {400, 401, 403, 404, 410, 301}) {
      DeliveryException e = catchThrowableOfType(DeliveryException.class, () -> http.post(url(status), Map.of(), new byte[0]));
      assertThat(e.retriable()).as("HTTP " + status).isFalse();
    }
  }

  @Test
  void anUnreachableHostIsRetriedAndItsMessageHoldsNoUrl() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    SecretUrl url = SecretUrl.parse("http://127.0.0.1:" + closed + "/hooks/T0SECRET");
    DeliveryException e = catchThrowableOfType(DeliveryException.class, () -> http.post(url, Map.of(), new byte[0]));
    assertThat(e.retriable()).isTrue();
    assertThat(e.getMessage()).startsWith("I/O failure").doesNotContain("T0SECRET");
  }
}
