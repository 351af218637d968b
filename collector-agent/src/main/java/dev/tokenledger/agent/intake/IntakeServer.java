package dev.tokenledger.agent.intake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tokenledger.agent.attribution.Attributor;
import dev.tokenledger.agent.otlp.TelemetryUsage;
import dev.tokenledger.agent.spool.EventJournal;
import dev.tokenledger.agent.spool.SpoolFullException;
import dev.tokenledger.agent.validation.UsageValidator;
import dev.tokenledger.events.UsageEvent;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The local HTTP intake for API-based agents and scripts, bound to 127.0.0.1 only, for this
 * machine's user only ({@link IntakeGuard}: the intake token, no browser, loopback host names).
 *
 * <ul>
 *   <li>{@code POST /v1/usage} with a {@link UsageReport} JSON body: 202 {@code {"eventId":…,"duplicate":…}}
 *       once the event is durable in the spool; 400 {@code {"error":…,"problems":[…]}} for a bad body,
 *       listing every problem (nothing is stored); 503 when the spool is full; 413 above 64 KiB. Every
 *       answer is JSON; bad input never gets a 500 or a dropped connection.
 *   <li>{@code POST /v1/logs}: OTLP/HTTP logs (protobuf or JSON), see {@link OtlpLogsHandler}.
 *   <li>{@code GET /health}: 200 {@code {"status":"ok"}} (no token needed; browsers are refused).
 *   <li>Refusals before anything is read: 403 from a web page or for a foreign Host name, 401 without
 *       the token, 405 for another method, 415 for a body that is not {@code application/json}.
 * </ul>
 */
public final class IntakeServer implements AutoCloseable {

  /** The request path for reports. */
  public static final String USAGE_PATH = "/v1/usage";
  /** The OTLP/HTTP logs path (OpenTelemetry exporters append it to OTEL_EXPORTER_OTLP_ENDPOINT). */
  public static final String OTLP_LOGS_PATH = OtlpLogsHandler.PATH;
  private static final int MAX_BODY = 64 * 1024;
  /** A larger body is read and discarded up to this much, so the client gets its 413 instead of a reset. */
  private static final int MAX_DRAIN = 8 << 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor;
  private final EventJournal journal;
  private final Attributor attributor;
  private final UsageValidator validator;
  private final IntakeGuard guard;
  private final Runnable onEvent;
  private final OtlpLogsHandler otlp;

  private IntakeServer(HttpServer server, IntakeToken token, EventJournal journal, Attributor attributor,
      UsageValidator validator, Set<String> otlpSources, Runnable onEvent) {
    this.server = server;
    this.guard = new IntakeGuard(token);
    this.journal = journal;
    this.attributor = attributor;
    this.validator = validator;
    this.onEvent = onEvent;
    this.otlp = new OtlpLogsHandler(journal, attributor, new TelemetryUsage(otlpSources, validator), false,
        onEvent);
    this.executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "tokenledger-intake");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext(USAGE_PATH, this::usage);
    server.createContext(OTLP_LOGS_PATH, this::otlpLogs);
    server.createContext("/health", this::health);
    server.createContext("/", this::notFound);
  }

  /** Starts listening on 127.0.0.1:{@code port} (0 = any free port), OTLP for Claude Code only. */
  public static IntakeServer start(int port, IntakeToken token, EventJournal journal, Attributor attributor,
      UsageValidator validator, Runnable onEvent) throws IOException {
    return start(port, token, journal, attributor, validator, Set.of("claude_code"), onEvent);
  }

  /**
   * Starts listening on 127.0.0.1:{@code port} (0 = any free port).
   *
   * @param otlpSources the assistants whose OpenTelemetry usage events {@code POST /v1/logs} accepts
   */
  public static IntakeServer start(int port, IntakeToken token, EventJournal journal, Attributor attributor,
      UsageValidator validator, Set<String> otlpSources, Runnable onEvent) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
    IntakeServer intake = new IntakeServer(server, token, journal, attributor, validator, otlpSources, onEvent);
    server.start();
    return intake;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void health(HttpExchange ex) throws IOException {
    try (ex) {
      if (refused(ex, guard.screen(ex.getRequestHeaders()))) {
        return;
      }
      if (!"GET".equals(ex.getRequestMethod())) {
        ex.getResponseHeaders().add("Allow", "GET");
        respond(ex, 405, error("use GET /health"));
        return;
      }
      respond(ex, 200, JSON.createObjectNode().put("status", "ok"));
    }
  }

  private void notFound(HttpExchange ex) throws IOException {
    try (ex) {
      if (!refused(ex, guard.screen(ex.getRequestHeaders()))) {
        respond(ex, 404, error("no such path; use POST " + USAGE_PATH));
      }
    }
  }

  private void otlpLogs(HttpExchange ex) throws IOException {
    try (ex) {
      if (refused(ex, guard.screen(ex.getRequestHeaders())) || refused(ex, guard.authenticate(ex.getRequestHeaders()))) {
        return;
      }
      otlp.handle(ex);
    } catch (IOException | RuntimeException e) {
      respond(ex, 500, error("the agent could not store the telemetry: " + e));
    }
  }

  private void usage(HttpExchange ex) throws IOException {
    try (ex) {
      if (refused(ex, guard.screen(ex.getRequestHeaders())) || refused(ex, guard.authenticate(ex.getRequestHeaders()))) {
        return;
      }
      if (!"POST".equals(ex.getRequestMethod())) {
        ex.getResponseHeaders().add("Allow", "POST");
        respond(ex, 405, error("use POST " + USAGE_PATH + " with a JSON body"));
        return;
      }
      if (refused(ex, guard.contentType(ex.getRequestHeaders()))) {
        return;
      }
      byte[] body = readBody(ex);
      if (body == null) {
        respond(ex, 413, error("body larger than " + MAX_BODY + " bytes"));
        return;
      }
      UsageReport.Result r = UsageReport.parse(body, validator);
      if (!r.ok()) {
        ObjectNode n = error("invalid usage report: " + String.join("; ", r.problems()));
        r.problems().forEach(n.putArray("problems")::add);
        respond(ex, 400, n);
        return;
      }
      UsageEvent event;
      synchronized (attributor) {
        event = attributor.attribute(r.usage(), dev.tokenledger.events.CountsOrigin.INTAKE);
      }
      boolean added;
      try {
        added = journal.offer(event);
        journal.commit();
      } catch (SpoolFullException e) {
        respond(ex, 503, error(e.getMessage()));
        return;
      }
      onEvent.run();
      respond(ex, 202, JSON.createObjectNode().put("eventId", event.getEventId()).put("duplicate", !added));
    } catch (IOException | RuntimeException e) {
      respond(ex, 500, error("the agent could not store the report: " + e));
    }
  }

  /** Answers a refusal (if there is one) and says so. */
  private static boolean refused(HttpExchange ex, IntakeGuard.Refusal refusal) throws IOException {
    if (refusal == null) {
      return false;
    }
    if (refusal.status() == 401) {
      ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"tokenledger-agent\"");
    }
    respond(ex, refusal.status(), error(refusal.reason()));
    return true;
  }

  /** The body, or null when it is larger than the limit (the rest is drained, up to a bound). */
  private static byte[] readBody(HttpExchange ex) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      byte[] body = in.readNBytes(MAX_BODY + 1);
      if (body.length <= MAX_BODY) {
        return body;
      }
      long drained = 0;
      byte[] sink = new byte[64 * 1024];
      for (int n; drained < MAX_DRAIN && (n = in.read(sink)) > 0; ) {
        drained += n;
      }
      return null;
    }
  }

  private static ObjectNode error(String message) {
    return JSON.createObjectNode().put("error", message);
  }

  private static void respond(HttpExchange ex, int status, ObjectNode body) throws IOException {
    JsonReplies.send(ex, status, JSON.writeValueAsBytes(body));
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
