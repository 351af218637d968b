package dev.tokenledger.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenledger.retry.RetriesExhaustedException;
import dev.tokenledger.retry.RetryClassifier;
import dev.tokenledger.retry.RetryLoop;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SchemaRegistry} over the Confluent REST API with {@code java.net.http}. No caching here
 * (see {@link CachingSchemaRegistry}); transient failures are retried under the shared
 * {@link dev.tokenledger.retry.RetryPolicy} that {@link RegistryConfig#retryPolicy()} describes (ADR 0307);
 * registry error codes map to typed {@link SchemaRegistryException}s.
 */
public final class ConfluentRestSchemaRegistry implements SchemaRegistry {

  private static final Logger LOG = LoggerFactory.getLogger(ConfluentRestSchemaRegistry.class);
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Retried: connection failures, timeouts and unreadable 2xx bodies ({@link IOException}), and 408, 429
   * and 5xx answers. Every other answer is final.
   */
  static final RetryClassifier RETRIABLE = RetryClassifier.instancesOf(IOException.class, RetriableStatus.class);
  private static final IntPredicate RETRIABLE_STATUS = s -> s >= 500 || s == 408 || s == 429;

  private final RegistryConfig config;
  private final HttpClient http;
  private final RetryLoop retry;

  /** Pauses between retries; injectable so tests need not wait. */
  @FunctionalInterface
  public interface Sleeper extends dev.tokenledger.retry.Sleeper { }

  public ConfluentRestSchemaRegistry(RegistryConfig config) {
    this(config, dev.tokenledger.retry.Sleeper.SYSTEM::sleep);
  }

  public ConfluentRestSchemaRegistry(RegistryConfig config, Sleeper sleeper) {
    this.config = config;
    this.retry = RetryLoop.of(config.retryPolicy(), RETRIABLE).withSleeper(sleeper);
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(config.requestTimeout())
            .version(HttpClient.Version.HTTP_1_1)
            .build();
  }

  @Override
  public int register(String subject, Schema schema) {
    try {
      JsonNode body = send("POST", "/subjects/" + enc(subject) + "/versions", schemaBody(schema));
      return body.path("id").asInt();
    } catch (SchemaRegistryException.Incompatible conflict) {
      // Some registries (Apicurio) answer 409 when a concurrent writer registered the same schema
      // first. If the schema is now under the subject, registration succeeded; else the 409 stands.
      try {
        return lookup(subject, schema);
      } catch (SchemaRegistryException.NotFound notThere) {
        throw conflict;
      }
    }
  }

  @Override
  public int lookup(String subject, Schema schema) {
    JsonNode body = send("POST", "/subjects/" + enc(subject), schemaBody(schema));
    return body.path("id").asInt();
  }

  @Override
  public Schema schemaById(int id) {
    JsonNode body = send("GET", "/schemas/ids/" + id, null);
    return parse(body.path("schema").asText(), "schema id " + id);
  }

  @Override
  public RegisteredSchema latest(String subject) {
    JsonNode body = send("GET", "/subjects/" + enc(subject) + "/versions/latest", null);
    return new RegisteredSchema(
        subject,
        body.path("version").asInt(),
        body.path("id").asInt(),
        parse(body.path("schema").asText(), subject + " latest"));
  }

  @Override
  public List<Integer> versions(String subject) {
    JsonNode body = send("GET", "/subjects/" + enc(subject) + "/versions", null);
    List<Integer> out = new ArrayList<>();
    body.forEach(n -> out.add(n.asInt()));
    return out;
  }

  @Override
  public List<String> subjects() {
    JsonNode body = send("GET", "/subjects", null);
    List<String> out = new ArrayList<>();
    body.forEach(n -> out.add(n.asText()));
    return out;
  }

  @Override
  public CompatibilityResult checkCompatibility(String subject, Schema schema) {
    try {
      JsonNode body =
          send(
              "POST",
              "/compatibility/subjects/" + enc(subject) + "/versions/latest?verbose=true",
              schemaBody(schema));
      List<String> messages = new ArrayList<>();
      body.path("messages").forEach(n -> messages.add(n.asText()));
      return new CompatibilityResult(body.path("is_compatible").asBoolean(false), messages);
    } catch (SchemaRegistryException.NotFound e) {
      // No version yet: anything is compatible with nothing.
      return new CompatibilityResult(true, List.of());
    }
  }

  @Override
  public Compatibility compatibility(String subject) {
    JsonNode body;
    try {
      body = send("GET", subject == null ? "/config" : "/config/" + enc(subject), null);
    } catch (SchemaRegistryException.NotFound e) {
      body = send("GET", "/config", null);
    }
    String level = body.path("compatibilityLevel").asText(body.path("compatibility").asText("NONE"));
    return Compatibility.valueOf(level);
  }

  @Override
  public void setCompatibility(String subject, Compatibility level) {
    ObjectNode req = JSON.createObjectNode().put("compatibility", level.name());
    send("PUT", subject == null ? "/config" : "/config/" + enc(subject), req.toString());
  }

  // --- transport ---------------------------------------------------------------------------------

  private JsonNode send(String method, String path, String body) {
    URI uri = URI.create(config.baseUrl() + path);
    HttpRequest.Builder req =
        HttpRequest.newBuilder(uri)
            .timeout(config.requestTimeout())
            .header("Accept", CONTENT_TYPE + ", application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (body != null) {
      req.header("Content-Type", CONTENT_TYPE);
    }
    if (config.basicAuth() != null) {
      req.header(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString(config.basicAuth().getBytes(StandardCharsets.UTF_8)));
    }
    HttpRequest request = req.build();
    try {
      AtomicInteger attempt = new AtomicInteger();
      return retry.call(() -> attempt(request, method, path, uri, attempt.incrementAndGet()));
    } catch (IOException e) {
      throw new IllegalStateException("not retried: " + e, e); // every IOException is retriable
    } catch (RetriesExhaustedException e) {
      Throwable last = e.lastFailure();
      int lastStatus = last instanceof RetriableStatus s ? s.status : 0;
      if (e.interrupted()) {
        throw new SchemaRegistryException.Unavailable("interrupted while retrying " + uri, lastStatus, e);
      }
      throw new SchemaRegistryException.Unavailable(
          "schema registry at "
              + config.baseUrl()
              + " unavailable for "
              + method
              + " "
              + path
              + " after "
              + e.attempts()
              + " attempts"
              + (lastStatus > 0 ? " (last HTTP status " + lastStatus + ")" : " (" + last + ")"),
          lastStatus,
          lastStatus > 0 ? null : last);
    }
  }

  /** One request: the body of a 2xx answer, a typed error, or a retriable failure. */
  private JsonNode attempt(HttpRequest request, String method, String path, URI uri, int attempt)
      throws IOException {
    HttpResponse<String> resp;
    try {
      resp = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      LOG.debug("schema registry {} {} failed: {} (attempt {})", method, path, e.toString(), attempt);
      throw e;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryException.Unavailable("interrupted while calling " + uri, 0, e);
    }
    int status = resp.statusCode();
    if (status >= 200 && status < 300) {
      try {
        return resp.body() == null || resp.body().isBlank() ? JSON.nullNode() : JSON.readTree(resp.body());
      } catch (IOException e) {
        LOG.debug("schema registry {} {} failed: {} (attempt {})", method, path, e.toString(), attempt);
        throw e;
      }
    }
    if (!RETRIABLE_STATUS.test(status)) {
      throw error(method, path, status, resp.body());
    }
    LOG.debug("schema registry {} {} answered {} (attempt {})", method, path, status, attempt);
    throw new RetriableStatus(status);
  }

  /** A 408, 429 or 5xx answer: worth another attempt. */
  private static final class RetriableStatus extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    RetriableStatus(int status) {
      super("HTTP " + status, null, false, false);
      this.status = status;
    }
  }

  private static SchemaRegistryException error(String method, String path, int status, String body) {
    int code = 0;
    String message = body;
    try {
      JsonNode node = JSON.readTree(body);
      code = node.path("error_code").asInt(0);
      message = node.path("message").asText(body);
    } catch (IOException | RuntimeException ignored) {
      // not JSON: keep the raw body as the message
    }
    String text = method + " " + path + " -> HTTP " + status + (code > 0 ? " error " + code : "") + ": " + message;
    if (status == 404 || code / 100 == 404) {
      return new SchemaRegistryException.NotFound(text, status, code);
    }
    if (status == 409) {
      return new SchemaRegistryException.Incompatible(text, status, code);
    }
    if (status == 422 || status == 400) {
      return new SchemaRegistryException.Invalid(text, status, code);
    }
    return new SchemaRegistryException(text, status, code, null);
  }

  private static String schemaBody(Schema schema) {
    return JSON.createObjectNode().put("schema", schema.toString()).toString();
  }

  private static Schema parse(String text, String what) {
    try {
      return new Schema.Parser().parse(text);
    } catch (SchemaParseException e) {
      throw new SchemaRegistryException.Invalid("registry returned an unparseable Avro schema for " + what + ": " + e.getMessage(), 200, 0);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
