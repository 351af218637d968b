package dev.tokenledger.api.config;

import java.time.Duration;
import java.util.List;

/**
 * The HTTP server of {@code api serve}.
 *
 * @param host the bind address
 * @param port the port (0 = any free port)
 * @param maxRequestBytes the largest request body accepted
 * @param corsOrigins the browser origins allowed to call the API ({@code https://host[:port]}); empty = CORS off
 * @param threads the request threads
 * @param shutdownGrace how long requests in flight may finish when the server stops
 */
public record HttpSettings(String host, int port, int maxRequestBytes, List<String> corsOrigins, int threads, Duration shutdownGrace) {

  public HttpSettings {
    corsOrigins = List.copyOf(corsOrigins);
  }
}
