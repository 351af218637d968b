package dev.tokenledger.api.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tokenledger.api.query.SpendQuery;
import dev.tokenledger.api.query.SpendRepository;
import dev.tokenledger.api.query.SpendRequestParser;
import dev.tokenledger.api.query.WarehouseException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-only HTTP API: {@code GET /health} and {@code GET /v1/spend?…} (see {@link
 * SpendRequestParser} for the parameters). Bad parameters answer 400 with the reason; a warehouse
 * that cannot answer gives 503.
 */
public final class ApiServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

  private final HttpServer server;
  private final ExecutorService workers;
  private final SpendRepository spend;
  private final SpendRequestParser requests;
  private final BooleanSupplier warehouseReachable;

  public ApiServer(String host, int port, SpendRepository spend, SpendRequestParser requests, BooleanSupplier warehouseReachable)
      throws IOException {
    this.spend = spend;
    this.requests = requests;
    this.warehouseReachable = warehouseReachable;
    this.server = HttpServer.create(new InetSocketAddress(host, port), 64);
    this.workers = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "api-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(workers);
    server.createContext("/health", this::health);
    server.createContext("/v1/spend", this::spend);
    server.createContext("/", ex -> reply(ex, 404, SpendJson.error("no such endpoint: " + ex.getRequestURI().getPath()
        + " (endpoints: GET /health, GET /v1/spend)")));
  }

  public void start() {
    server.start();
    LOG.info("query API listening on http://{}:{}", server.getAddress().getHostString(), port());
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
  }

  private void health(HttpExchange ex) throws IOException {
    if (!get(ex)) {
      return;
    }
    boolean up = warehouseReachable.getAsBoolean();
    reply(ex, up ? 200 : 503, SpendJson.object(SpendJson.node().put("status", up ? "ok" : "degraded")
        .put("warehouse", up ? "reachable" : "unreachable")));
  }

  private void spend(HttpExchange ex) throws IOException {
    if (!get(ex)) {
      return;
    }
    SpendQuery query;
    try {
      query = requests.parseSingle(params(ex.getRequestURI().getRawQuery()));
    } catch (IllegalArgumentException e) {
      reply(ex, 400, SpendJson.error(e.getMessage()));
      return;
    }
    try {
      reply(ex, 200, SpendJson.answer(query, spend.spend(query, dev.tokenledger.api.query.QueryId.random()).rows()));
    } catch (WarehouseException e) {
      LOG.warn("spend query failed: {}", e.getMessage());
      reply(ex, 503, SpendJson.error(e.getMessage()));
    } catch (IllegalArgumentException e) {
      reply(ex, 400, SpendJson.error(e.getMessage()));
    }
  }

  private static boolean get(HttpExchange ex) throws IOException {
    if (!ex.getRequestMethod().equals("GET")) {
      reply(ex, 405, SpendJson.error("only GET is supported"));
      return false;
    }
    return true;
  }

  static Map<String, String> params(String rawQuery) {
    Map<String, String> out = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return out;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      if (out.put(key, value) != null) {
        throw new IllegalArgumentException("parameter '" + key + "' given twice");
      }
    }
    return out;
  }

  private static void reply(HttpExchange ex, int status, byte[] body) throws IOException {
    try (ex) {
      ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
      ex.sendResponseHeaders(status, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
