package dev.tokenledger.warehouse.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The credentials travel as ClickHouse's own headers, never in the URL; a URL carrying them is refused. */
class ClickHouseCredentialsTest {

  private HttpServer server;
  private final List<Headers> headers = new ArrayList<>();
  private final List<URI> uris = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      synchronized (headers) {
        headers.add(ex.getRequestHeaders());
        uris.add(ex.getRequestURI());
      }
      ex.getRequestBody().readAllBytes();
      byte[] body = "1\n".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, body.length);
      ex.getResponseBody().write(body);
      ex.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Test
  void theUserAndPasswordAreSentAsXClickHouseHeadersAndNotInTheUrl() {
    var client = new ClickHouseHttpClient(new ClickHouseEndpoint(URI.create(url()), "tokenledger", "tl_sink", "p@ss:word",
        Duration.ofSeconds(5)));
    assertThat(client.query("SELECT 1 FORMAT TabSeparated")).isEqualTo("1\n");
    client.insert("INSERT INTO t FORMAT RowBinary", new byte[] {1});
    assertThat(headers).hasSize(2).allSatisfy(h -> {
      assertThat(h.getFirst("X-ClickHouse-User")).isEqualTo("tl_sink");
      assertThat(h.getFirst("X-ClickHouse-Key")).isEqualTo("p@ss:word");
      assertThat(h.containsKey("Authorization")).isFalse();
    });
    assertThat(uris).allSatisfy(u -> assertThat(u.toString()).doesNotContain("tl_sink", "ss:word", "user=", "password="));
  }

  @Test
  void thePasswordlessDefaultUserSendsNoCredentials() {
    new ClickHouseHttpClient(ClickHouseEndpoint.of(url(), "tokenledger")).query("SELECT 1 FORMAT TabSeparated");
    assertThat(headers).singleElement().satisfies(h -> {
      assertThat(h.containsKey("X-ClickHouse-User")).isFalse();
      assertThat(h.containsKey("Authorization")).isFalse();
    });
  }

  @Test
  void aUrlWithCredentialsIsRefusedWithoutRepeatingThem() {
    for (String bad : List.of("http://u:s3cret@ch:8123", "https://ch:8443/?user=u&password=s3cret", "http://ch/?password=s3cret")) {
      assertThatThrownBy(() -> ClickHouseEndpoint.of(bad, "tokenledger")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("must not carry credentials").message().doesNotContain("s3cret");
    }
    assertThat(ClickHouseEndpoint.of("https://ch:8443/?async_insert=1", "tokenledger").url().getHost()).isEqualTo("ch");
  }
}
