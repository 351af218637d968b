package dev.tokenledger.agent.intake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tokenledger.agent.attribution.Attributor;
import dev.tokenledger.agent.otlp.TelemetryUsage;
import dev.tokenledger.agent.spool.EventJournal;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The central OTLP/HTTP logs receiver ({@code agent receive}): {@code POST /v1/logs} on a configured
 * address for many machines, authenticated by a token list ({@link ReceiverTokens}) as {@code
 * Authorization: Bearer}; browsers are refused as by the local intake. Usage events are attributed to the
 * telemetry's user ({@link OtlpLogsHandler#centralIdentity}) and go through the receiver's own spool and
 * publisher. Plain HTTP: terminate TLS in front of it.
 */
public final class TelemetryReceiver implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor;
  private final ReceiverTokens tokens;
  private final OtlpLogsHandler otlp;

  private TelemetryReceiver(HttpServer server, ReceiverTokens tokens, OtlpLogsHandler otlp, int threads) {
    this.server = server;
    this.tokens = tokens;
    this.otlp = otlp;
    this.executor = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "tokenledger-otlp-receiver");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext(OtlpLogsHandler.PATH, this::logs);
    server.createContext("/health", this::health);
  }

  public static TelemetryReceiver start(InetSocketAddress address, ReceiverTokens tokens, EventJournal journal,
      Attributor attributor, TelemetryUsage mapper, Runnable onEvent) throws IOException {
    HttpServer server = HttpServer.create(address, 64);
    TelemetryReceiver r = new TelemetryReceiver(server, tokens,
        new OtlpLogsHandler(journal, attributor, mapper, true, onEvent), 2);
    server.start();
    return r;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void health(HttpExchange ex) throws IOException {
    try (ex) {
      respond(ex, 200, "{\"status\":\"ok\"}");
    }
  }

  private void logs(HttpExchange ex) throws IOException {
    try (ex) {
      if (ex.getRequestHeaders().containsKey("Origin") || ex.getRequestHeaders().keySet().stream()
          .anyMatch(h -> h != null && h.toLowerCase(Locale.ROOT).startsWith("sec-fetch-"))) {
        respond(ex, 403, "{\"code\":7,\"message\":\"requests from web browsers are refused\"}");
        return;
      }
      List<String> auth = ex.getRequestHeaders().get("Authorization");
      String a = auth != null && auth.size() == 1 ? auth.get(0) : null;
      String presented = a != null && a.regionMatches(true, 0, "Bearer ", 0, 7) ? a.substring(7).trim() : null;
      if (!tokens.matches(presented)) {
        ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"tokenledger-otlp\"");
        respond(ex, 401, "{\"code\":16,\"message\":\"missing or unknown token: send 'Authorization: Bearer <token>'"
            + " with a token of the receiver's token file\"}");
        return;
      }
      synchronized (otlp) { // one export at a time: the journal commits per request
        otlp.handle(ex);
      }
    } catch (IOException | RuntimeException e) {
      respond(ex, 500, JSON.writeValueAsString(JSON.createObjectNode().put("code", 13)
          .put("message", "the receiver could not store the telemetry: " + e)));
    }
  }

  private static void respond(HttpExchange ex, int status, String json) {
    JsonReplies.send(ex, status, json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
