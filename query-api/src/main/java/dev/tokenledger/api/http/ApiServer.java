package dev.tokenledger.api.http;

import dev.tokenledger.api.access.AccessDeniedException;
import dev.tokenledger.api.auth.AuthUnavailableException;
import dev.tokenledger.api.auth.AuthenticationException;
import dev.tokenledger.api.auth.Authenticator;
import dev.tokenledger.api.auth.Principal;
import dev.tokenledger.api.auth.Role;
import dev.tokenledger.api.auth.TokenStoreException;
import dev.tokenledger.api.budget.BudgetStoreUnavailableException;
import dev.tokenledger.api.query.QueryId;
import dev.tokenledger.api.query.QueryLimitException;
import dev.tokenledger.api.query.WarehouseException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The organisation's HTTP API on Javalin (Jetty): {@code GET /health} without credentials, every other
 * route with a bearer credential (API token or OIDC JWT), answers in JSON or CSV, errors as JSON
 * {@code {"error": "...", "query_id": "..."}} naming the bad parameter (4xx) or saying only "warehouse
 * unavailable" (503), never the warehouse's internals. Security headers on every answer, CORS only for
 * configured origins, request bodies bounded, a stop lets running requests finish within the grace and
 * cancels the warehouse queries still running after it.
 */
public final class ApiServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  static final String CSV = "text/csv; charset=utf-8";
  static final String JSON = "application/json; charset=utf-8";

  private final Javalin app;
  private final HttpOptions options;
  private final Authenticator authenticator;
  private final QueryGate gate;
  private final BooleanSupplier warehouseReachable;
  private final Drain drain = new Drain();
  private final AnswerRenderer renderer = new AnswerRenderer(64L << 20);
  private final DashboardAssets dashboard = DashboardAssets.load();
  private volatile RequestMetrics metrics = RequestMetrics.NONE;

  ApiServer(HttpOptions options, Authenticator authenticator, QueryGate gate, List<Route> routes, BooleanSupplier warehouseReachable) {
    this.options = options;
    this.authenticator = authenticator;
    this.gate = gate;
    this.warehouseReachable = warehouseReachable;
    this.app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.http.maxRequestSize = options.maxRequestBytes();
      config.http.prefer405over404 = true;
      config.jetty.threadPool = threadPool(options.threads());
      config.jetty.modifyHttpConfiguration(http -> {
        http.setSendServerVersion(false);
        http.setRequestHeaderSize(16_384);
      });
      config.jetty.modifyServer(server -> server.setStopTimeout(0)); // the drain in close() is the grace
      config.jetty.modifyServletContextHandler(context -> context.insertHandler(drain));
      if (!options.corsOrigins().isEmpty()) {
        config.bundledPlugins.enableCors(cors -> cors.addRule(rule -> {
          rule.allowHost(options.corsOrigins().get(0), options.corsOrigins().subList(1, options.corsOrigins().size()).toArray(String[]::new));
          rule.exposeHeader("X-Query-Id");
          rule.exposeHeader("X-Next-Cursor");
          rule.exposeHeader("X-Truncated");
        }));
      }
      config.routes.before(ApiServer::securityHeaders);
      config.routes.get("/health", this::health);
      // The dashboard's static files, outside /v1 and the OpenAPI document: they hold no data (ADR 0600).
      config.routes.get("/", ctx -> ctx.redirect(DashboardAssets.PREFIX));
      config.routes.get("/dashboard", ctx -> dashboardFile(ctx, ""));
      config.routes.get("/dashboard/<file>", ctx -> dashboardFile(ctx, ctx.pathParam("file")));
      for (Route r : routes) {
        config.routes.addHttpHandler(HandlerType.findOrCreate(r.method()), r.path(), ctx -> handle(r, ctx));
      }
      config.routes.error(404, ctx -> {
        if (!JSON.equals(ctx.res().getContentType())) {
          error(ctx, 404, "no such endpoint: " + ctx.method() + " " + Params.abbreviate(ctx.path()) + " (see /v1/openapi.json)", null);
        }
      });
      config.routes.error(405, ctx -> error(ctx, 405, "method " + ctx.method() + " not allowed on " + Params.abbreviate(ctx.path()), null));
      config.routes.exception(Exception.class, (e, ctx) -> {
        LOG.error("unexpected failure on {} {}", ctx.method(), ctx.path(), e);
        error(ctx, 500, "internal error", null);
      });
    });
  }

  public void start() {
    app.start(options.host(), options.port());
    LOG.info("query API listening on http://{}:{}", options.host(), port());
  }

  public int port() {
    return app.port();
  }

  /**
   * Drains, then stops: new requests (and {@code /health}) answer 503 at once so load balancers move
   * away, running requests may finish within the grace, then the server stops and the warehouse queries
   * still running are cancelled.
   */
  @Override
  public void close() {
    int running = drain.drain(options.shutdownGrace());
    if (running > 0) {
      LOG.warn("query API stops with {} request(s) still running after its {} s grace", running, options.shutdownGrace().toSeconds());
    }
    try {
      app.stop();
    } finally {
      gate.cancelAll();
    }
  }

  private void health(Context ctx) {
    if (drain.draining()) {
      ctx.status(503).contentType(JSON).result(AnswerWriter.bytes(AnswerWriter.JSON.createObjectNode()
          .put("status", "stopping").put("warehouse", "unknown")));
      return;
    }
    boolean up = warehouseReachable.getAsBoolean();
    ctx.status(up ? 200 : 503).contentType(JSON).result(AnswerWriter.bytes(AnswerWriter.JSON.createObjectNode()
        .put("status", up ? "ok" : "degraded").put("warehouse", up ? "reachable" : "unreachable")));
  }

  private void dashboardFile(Context ctx, String name) {
    DashboardAssets.Asset asset = dashboard.find(name).orElse(null);
    if (asset == null) {
      error(ctx, 404, "no such dashboard file: " + Params.abbreviate(ctx.path()), null);
      return;
    }
    ctx.header("Content-Security-Policy", DashboardAssets.CONTENT_SECURITY_POLICY);
    ctx.header("Cache-Control", "no-cache");
    ctx.header("ETag", asset.etag());
    if (asset.etag().equals(ctx.header("If-None-Match"))) {
      ctx.status(304);
      return;
    }
    ctx.status(200).contentType(asset.contentType()).result(asset.body());
  }

  /** Reports every answered request to {@code m} from now on (operators' metrics). */
  public void recordRequests(RequestMetrics m) {
    this.metrics = m;
  }

  /** Whether the server takes requests (started and not draining). */
  public boolean accepting() {
    return !drain.draining();
  }

  private void handle(Route route, Context ctx) {
    if (drain.draining()) {
      ctx.header("Connection", "close");
      error(ctx, 503, "the server is stopping; retry", null);
      return;
    }
    answer(route, ctx);
  }

  private void answer(Route route, Context ctx) {
    QueryId id = QueryId.random();
    ctx.header("X-Query-Id", id.value());
    long start = System.nanoTime();
    String who = "-";
    try {
      Principal caller = authenticate(ctx);
      who = caller.credential();
      if (route.adminOnly() && caller.role() != Role.ADMIN) {
        throw new AccessDeniedException("only an admin may " + route.method() + " " + route.path());
      }
      Map<String, List<String>> params = ctx.queryParamMap();
      boolean csv = wantsCsv(ctx, params);
      Answer answer = route.endpoint().answer(new ApiRequest(ctx, caller, id, params));
      if (answer.truncated()) {
        ctx.header("X-Truncated", "true");
        ctx.header("X-Next-Cursor", answer.nextCursor());
      }
      if (answer.document() != null) {
        if (csv) {
          throw new IllegalArgumentException("format: this document is JSON only");
        }
        ctx.status(200).contentType(JSON).result(answer.document());
      } else if (csv) {
        ctx.status(200).contentType(CSV).result(renderer.csv(answer));
      } else {
        ctx.status(route.method().equals("POST") ? 201 : 200).contentType(JSON).result(renderer.json(answer));
      }
    } catch (AuthenticationException e) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"tokenledger\"");
      error(ctx, 401, e.getMessage(), id);
    } catch (TokenStoreException e) {
      LOG.warn("query {}: token store unavailable: {}", id, e.getMessage(), e.getCause());
      ctx.header("Retry-After", "5");
      error(ctx, 503, "token store unavailable; retry in a moment", id);
    } catch (AuthUnavailableException e) {
      LOG.warn("query {}: authentication unavailable: {}", id, e.getMessage(), e.getCause());
      error(ctx, 503, "authentication unavailable; retry in a moment", id);
    } catch (BudgetStoreUnavailableException e) {
      LOG.warn("query {}: budget store unavailable: {}", id, e.getMessage(), e.getCause());
      ctx.header("Retry-After", "5");
      error(ctx, 503, "budget store unavailable", id);
    } catch (AccessDeniedException e) {
      error(ctx, 403, e.getMessage(), id);
    } catch (ApiException e) {
      error(ctx, e.status(), e.getMessage(), id);
    } catch (HttpResponseException e) {
      error(ctx, e.getStatus(), e.getStatus() == 413 ? "request body too large" : e.getMessage(), id);
    } catch (IllegalArgumentException e) {
      error(ctx, 400, e.getMessage(), id);
    } catch (QueryLimitException e) {
      LOG.info("query {} over a limit: {}", id, e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
      error(ctx, 422, e.getMessage(), id);
    } catch (WarehouseException e) {
      LOG.warn("query {} failed: {}", id, e.getMessage(), e.getCause());
      ctx.header("Retry-After", "5");
      error(ctx, 503, "warehouse unavailable", id);
    } finally {
      long nanos = System.nanoTime() - start;
      metrics.record(route.method(), route.path(), ctx.statusCode(), nanos);
      LOG.info("{} {} -> {} in {} ms (query {}, {})", ctx.method(), ctx.path(), ctx.statusCode(), nanos / 1_000_000, id, who);
    }
  }

  private Principal authenticate(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null || header.isBlank()) {
      throw new AuthenticationException("credentials required: send 'Authorization: Bearer <API token or identity-provider JWT>'");
    }
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() > 8192) {
      throw new AuthenticationException("only bearer credentials are accepted: 'Authorization: Bearer <token>'");
    }
    return authenticator.authenticate(header.substring(7).trim());
  }

  private static boolean wantsCsv(Context ctx, Map<String, List<String>> params) {
    List<String> format = params.get("format");
    if (format != null) {
      if (format.size() != 1) {
        throw new IllegalArgumentException("format: give it once");
      }
      return switch (format.get(0).trim().toLowerCase(Locale.ROOT)) {
        case "csv" -> true;
        case "json" -> false;
        default -> throw new IllegalArgumentException("format: json or csv, not '" + Params.abbreviate(format.get(0)) + "'");
      };
    }
    String accept = ctx.header("Accept");
    return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/csv");
  }

  private static void securityHeaders(Context ctx) {
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cache-Control", "no-store");
  }

  private static void error(Context ctx, int status, String message, QueryId id) {
    var body = AnswerWriter.JSON.createObjectNode().put("error", message);
    if (id != null) {
      body.put("query_id", id.value());
    }
    ctx.status(status).contentType(JSON).result(new String(AnswerWriter.bytes(body), StandardCharsets.UTF_8));
  }

  private static QueuedThreadPool threadPool(int threads) {
    QueuedThreadPool pool = new QueuedThreadPool(threads, Math.min(8, threads));
    pool.setName("api-http");
    return pool;
  }
}
