package dev.tokenledger.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tokenledger.schemas.testing.InMemorySchemaRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * An in-process HTTP server speaking the subset of the Confluent Schema Registry REST API the client
 * uses, backed by {@link InMemorySchemaRegistry}, with fault injection (5xx answers, slow answers).
 */
final class FakeRegistryServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpServer server;
  private final InMemorySchemaRegistry store = new InMemorySchemaRegistry();
  private final AtomicInteger failNext = new AtomicInteger();
  private volatile int failStatus = 503;
  private volatile long delayMillis;
  private volatile boolean raceNextRegister;
  private volatile String requiredAuthorization;
  final AtomicInteger requests = new AtomicInteger();
  final List<String> authorizations = new ArrayList<>();
  final List<String> paths = new ArrayList<>();

  FakeRegistryServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/apis/ccompat/v7";
  }

  /** The next {@code n} requests are answered with {@code status}. */
  void failNext(int n, int status) {
    failStatus = status;
    failNext.set(n);
  }

  /**
   * The next registration is stored but answered like a registry that lost a race with a concurrent
   * writer of the same schema: HTTP 409 "already exists" (as Apicurio answers).
   */
  void raceNextRegister() {
    raceNextRegister = true;
  }

  /** From now on, requests without {@code Authorization: Basic base64(userInfo)} are answered 401. */
  void requireBasicAuth(String userInfo) {
    requiredAuthorization = "Basic " + java.util.Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
  }

  void delay(long millis) {
    delayMillis = millis;
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    requests.incrementAndGet();
    String path = ex.getRequestURI().getRawPath().replaceFirst("^/apis/ccompat/v7", "");
    String authorization = ex.getRequestHeaders().getFirst("Authorization");
    synchronized (paths) {
      paths.add(ex.getRequestMethod() + " " + path);
      authorizations.add(String.valueOf(authorization));
    }
    try {
      if (requiredAuthorization != null && !requiredAuthorization.equals(authorization)) {
        reply(ex, 401, error(401, "Unauthorized"));
        return;
      }
      if (delayMillis > 0) {
        Thread.sleep(delayMillis);
      }
      if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        reply(ex, failStatus, error(50001, "injected failure"));
        return;
      }
      route(ex, ex.getRequestMethod(), path.split("/"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      reply(ex, 500, error(50001, e.toString()));
    } finally {
      ex.close();
    }
  }

  private void route(HttpExchange ex, String method, String[] p) throws IOException {
    // p[0] is "" (leading slash)
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (p.length == 2 && p[1].equals("subjects") && method.equals("GET")) {
        ArrayNode out = JSON.createArrayNode();
        store.subjects().forEach(out::add);
        reply(ex, 200, out);
      } else if (p.length == 4 && p[1].equals("subjects") && p[3].equals("versions") && method.equals("POST")) {
        int id = store.register(dec(p[2]), schema(body));
        if (raceNextRegister) {
          raceNextRegister = false;
          reply(ex, 409, error(40901, "Artifact with the same content already exists"));
        } else {
          reply(ex, 200, JSON.createObjectNode().put("id", id));
        }
      } else if (p.length == 4 && p[1].equals("subjects") && p[3].equals("versions") && method.equals("GET")) {
        requireSubject(dec(p[2]));
        ArrayNode out = JSON.createArrayNode();
        store.versions(dec(p[2])).forEach(out::add);
        reply(ex, 200, out);
      } else if (p.length == 3 && p[1].equals("subjects") && method.equals("POST")) {
        requireSubject(dec(p[2]));
        reply(ex, 200, JSON.createObjectNode().put("id", store.lookup(dec(p[2]), schema(body))));
      } else if (p.length == 5 && p[1].equals("subjects") && p[4].equals("latest")) {
        var latest = store.latest(dec(p[2]));
        reply(ex, 200, JSON.createObjectNode().put("subject", latest.subject()).put("version", latest.version())
            .put("id", latest.id()).put("schema", latest.schema().toString()));
      } else if (p.length == 4 && p[1].equals("schemas") && p[2].equals("ids")) {
        reply(ex, 200, JSON.createObjectNode().put("schema", store.schemaById(Integer.parseInt(p[3])).toString()));
      } else if (p.length == 6 && p[1].equals("compatibility")) {
        requireSubject(dec(p[3]));
        var r = store.checkCompatibility(dec(p[3]), schema(body));
        ObjectNode out = JSON.createObjectNode().put("is_compatible", r.compatible());
        ArrayNode msgs = out.putArray("messages");
        r.messages().forEach(msgs::add);
        reply(ex, 200, out);
      } else if (p.length <= 3 && p[1].equals("config")) {
        String subject = p.length == 3 ? dec(p[2]) : null;
        if (method.equals("PUT")) {
          JsonNode req = JSON.readTree(body);
          store.setCompatibility(subject, SchemaRegistry.Compatibility.valueOf(req.path("compatibility").asText()));
          reply(ex, 200, req);
        } else {
          reply(ex, 200, JSON.createObjectNode().put("compatibilityLevel", store.compatibility(subject).name()));
        }
      } else {
        reply(ex, 404, error(404, "no route " + method + " " + String.join("/", p)));
      }
    } catch (SchemaRegistryException e) {
      reply(ex, e.httpStatus(), error(e.errorCode(), e.getMessage()));
    } catch (SchemaParseException e) {
      reply(ex, 422, error(42201, "Invalid schema: " + e.getMessage()));
    }
  }

  private void requireSubject(String subject) {
    if (!store.subjects().contains(subject)) {
      throw new SchemaRegistryException.NotFound("Subject '" + subject + "' not found.", 404, 40401);
    }
  }

  private static Schema schema(String body) throws IOException {
    return new Schema.Parser().parse(JSON.readTree(body).path("schema").asText());
  }

  private static String dec(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static JsonNode error(int code, String message) {
    return JSON.createObjectNode().put("error_code", code).put("message", message);
  }

  private static void reply(HttpExchange ex, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
