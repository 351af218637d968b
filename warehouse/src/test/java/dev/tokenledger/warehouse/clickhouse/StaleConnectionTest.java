package dev.tokenledger.warehouse.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A connection the server drops before answering (what an idle keep-alive connection looks like after
 * ClickHouse closed it): a read is sent once more and answered, a write is not repeated.
 */
class StaleConnectionTest {

  private ServerSocket server;
  private final AtomicInteger connections = new AtomicInteger();
  private Thread acceptor;

  @BeforeEach
  void start() throws IOException {
    server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    acceptor = new Thread(() -> {
      while (!server.isClosed()) {
        try (Socket s = server.accept()) {
          readRequest(s.getInputStream());
          if (connections.incrementAndGet() == 1) {
            continue;   // dropped without a byte of answer
          }
          OutputStream out = s.getOutputStream();
          out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n1\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
        } catch (IOException e) {
          // closed at the end of the test
        }
      }
    });
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Reads the request line, the headers and a Content-Length body. */
  private static void readRequest(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      head.append((char) c);
      if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
        break;
      }
    }
    int length = 0;
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    in.readNBytes(length);
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  private ClickHouseHttpClient client() {
    return new ClickHouseHttpClient(new ClickHouseEndpoint(URI.create("http://127.0.0.1:" + server.getLocalPort()), "tokenledger",
        "default", "", Duration.ofSeconds(5)));
  }

  @Test
  void aReadOnADroppedConnectionIsSentOnceMore() {
    assertThat(client().query("SELECT 1")).isEqualTo("1\n");
    assertThat(connections.get()).isEqualTo(2);
  }

  @Test
  void aWriteOnADroppedConnectionIsNotRepeated() {
    assertThatThrownBy(() -> client().insert("INSERT INTO t FORMAT RowBinary", new byte[] {1, 2, 3}))
        .isInstanceOf(ClickHouseException.Unavailable.class);
    assertThat(connections.get()).isEqualTo(1);
  }
}
