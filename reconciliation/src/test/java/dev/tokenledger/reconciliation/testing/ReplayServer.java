package dev.tokenledger.reconciliation.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Function;

/**
 * A local HTTP server that answers a provider's report requests: a handler per path maps the request (path,
 * query, headers) to an answer. Every request is recorded. Queued answers ({@link #failNext}) come first,
 * e.g. a 429 with {@code retry-after}.
 */
public final class ReplayServer implements AutoCloseable {

  /** A recorded request. */
  public record Request(String path, Map<String, String> query, Map<String, String> headers) {}

  /** An answer. */
  public record Answer(int status, String body, Map<String, String> headers) {
    public static Answer ok(String body) {
      return new Answer(200, body, Map.of());
    }
  }

  private final HttpServer server;
  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
  private final ConcurrentLinkedDeque<Answer> queued = new ConcurrentLinkedDeque<>();

  public ReplayServer(Map<String, Function<Request, Answer>> handlers) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> handle(ex, handlers));
    server.start();
  }

  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  public List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The next request is answered with {@code answer} instead of its handler. */
  public void failNext(Answer answer) {
    queued.add(answer);
  }

  private void handle(HttpExchange ex, Map<String, Function<Request, Answer>> handlers) throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
    Request req = new Request(ex.getRequestURI().getPath(), query(ex.getRequestURI().getRawQuery()), headers);
    requests.add(req);
    Answer a = queued.poll();
    if (a == null) {
      Function<Request, Answer> h = handlers.get(req.path());
      a = h == null ? new Answer(404, "{\"error\":{\"type\":\"not_found_error\",\"message\":\"no " + req.path() + "\"}}", Map.of())
          : h.apply(req);
    }
    byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
    a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    ex.getResponseHeaders().add("content-type", "application/json");
    ex.sendResponseHeaders(a.status(), body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new LinkedHashMap<>();
    if (raw == null) {
      return q;
    }
    for (String part : raw.split("&")) {
      int eq = part.indexOf('=');
      q.put(URLDecoder.decode(part.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return q;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
