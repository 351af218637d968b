package dev.tokenledger.api.http;

import java.time.Duration;
import java.util.List;

/**
 * How the HTTP server runs.
 *
 * @param host bind address
 * @param port port (0: any free one)
 * @param maxRequestBytes the largest request body accepted
 * @param corsOrigins origins allowed to call from a browser (empty: CORS off)
 * @param threads request threads
 * @param maxConcurrentQueries warehouse questions answered at once; more wait up to {@code queueWait}
 * @param queueWait how long a question waits for a free slot before 503
 * @param shutdownGrace how long a stop lets running requests finish
 */
public record HttpOptions(
    String host,
    int port,
    long maxRequestBytes,
    List<String> corsOrigins,
    int threads,
    int maxConcurrentQueries,
    Duration queueWait,
    Duration shutdownGrace) {

  public HttpOptions {
    corsOrigins = List.copyOf(corsOrigins);
    if (threads < 4) {
      throw new IllegalArgumentException("threads must be at least 4: " + threads);
    }
    if (maxConcurrentQueries < 1 || maxConcurrentQueries >= threads) {
      throw new IllegalArgumentException("max concurrent queries must be 1..threads-1, so /health always has a thread: " + maxConcurrentQueries);
    }
  }

  /** Defaults for a local server on {@code host:port}. */
  public static HttpOptions local(String host, int port) {
    return new HttpOptions(host, port, 65_536, List.of(), 32, 16, Duration.ofSeconds(2), Duration.ofSeconds(10));
  }
}
