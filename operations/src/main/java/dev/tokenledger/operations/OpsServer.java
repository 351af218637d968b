package dev.tokenledger.operations;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's listener of one role: {@code GET /metrics} (Prometheus text format), {@code GET
 * /health/live} (200 while the process runs) and {@code GET /health/ready} (200 or 503 with the reason).
 * The JDK's HTTP server on one thread: three read-only routes need no framework (ADR 0700).
 */
public final class OpsServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(OpsServer.class);
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;

  private OpsServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  public static OpsServer start(OpsSettings settings, PrometheusMeterRegistry registry, Readiness readiness, String role)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 16);
    ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "ops-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", exchange -> {
      try (exchange) {
        if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
          send(exchange, 405, "application/json", "{\"error\":\"only GET\"}");
          return;
        }
        switch (exchange.getRequestURI().getPath()) {
          case "/metrics" -> send(exchange, 200, PROMETHEUS_TEXT, registry.scrape());
          case "/health/live" -> send(exchange, 200, "application/json", "{\"status\":\"up\",\"role\":\"" + role + "\"}");
          case "/health/ready" -> {
            Readiness.Status s = safe(readiness);
            send(exchange, s.ready() ? 200 : 503, "application/json", "{\"status\":\"" + (s.ready() ? "ready" : "not ready")
                + "\",\"role\":\"" + role + "\",\"detail\":\"" + json(s.detail()) + "\"}");
          }
          default -> send(exchange, 404, "application/json", "{\"error\":\"not found: /metrics, /health/live, /health/ready\"}");
        }
      } catch (IOException | RuntimeException e) {
        LOG.debug("ops request failed: {}", e.toString());
      }
    });
    server.start();
    LOG.info("{}: metrics and health on http://{}:{}", role, settings.host(), server.getAddress().getPort());
    return new OpsServer(server, executor);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static Readiness.Status safe(Readiness r) {
    try {
      return r.check();
    } catch (RuntimeException e) {
      return Readiness.Status.notReady("readiness check failed: " + e.getClass().getSimpleName());
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private static String json(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
