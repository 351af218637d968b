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
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Which answers are success, which are retried, which are final; no failure message holds the URL. */
class HttpPosterTest {

  private HttpServer server;
  private final HttpPoster http = new HttpPoster(Duration.ofSeconds(2), Duration.ofSeconds(2));

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", x -> {
      x.getRequestBody().readAllBytes();
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
