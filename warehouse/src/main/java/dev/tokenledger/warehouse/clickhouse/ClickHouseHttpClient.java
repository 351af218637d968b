package dev.tokenledger.warehouse.clickhouse;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link ClickHouseClient} over ClickHouse's HTTP interface with {@code java.net.http} (ADR 0003):
 * the statement in the body (queries) or in the {@code query} parameter (inserts, with the rows in the
 * body), the database as the {@code database} parameter, session settings (e.g. {@code readonly=1}) as
 * further parameters, the user and password as the {@code X-ClickHouse-User} / {@code X-ClickHouse-Key}
 * headers when set (never in the URL, which appears in logs and proxies' access logs). Failures are sorted by
 * {@link ClickHouseErrors}; a request that gets no answer within the endpoint's request timeout is
 * {@link ClickHouseException.Unavailable}.
 */
public final class ClickHouseHttpClient implements ClickHouseClient {

  private static final Duration AWAIT_POLL = Duration.ofMillis(200);

  private final ClickHouseEndpoint endpoint;
  private final HttpClient http;
  /** Whether to send the credential headers (not for the password-less {@code default} user). */
  private final boolean sendCredentials;
  private final String settings;

  public ClickHouseHttpClient(ClickHouseEndpoint endpoint) {
    this(endpoint, Map.of());
  }

  /**
   * A client whose every request carries {@code settings} (ClickHouse session settings, e.g.
   * {@code readonly=1} for a reader that must never change data).
   */
  public ClickHouseHttpClient(ClickHouseEndpoint endpoint, Map<String, String> settings) {
    this.endpoint = endpoint;
    StringBuilder q = new StringBuilder();
    new LinkedHashMap<>(settings).forEach((k, v) -> {
      if (!ClickHouseEndpoint.isIdentifier(k)) {
        throw new IllegalArgumentException("ClickHouse setting '" + k + "' is not a setting name");
      }
      q.append(q.length() == 0 ? "" : "&").append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
    });
    this.settings = q.toString();
    this.http = HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(5))
        .version(HttpClient.Version.HTTP_1_1)
        .build();
    this.sendCredentials = !("default".equals(endpoint.user()) && endpoint.password().isEmpty());
  }

  @Override
  public String database() {
    return endpoint.database();
  }

  @Override
  public void execute(String sql) {
    send(uri(true, null, null), text(sql), sql);
  }

  @Override
  public String query(String sql) {
    return read(uri(true, null, null), sql);
  }

  /**
   * The query with {@code query_id} and {@code settings} as further URL parameters, after the client's
   * session settings (18.16 accepts {@code max_execution_time}, {@code max_rows_to_read} and
   * {@code max_memory_usage} this way even with {@code readonly=1}).
   */
  @Override
  public String query(String sql, String queryId, Map<String, String> settings) {
    StringBuilder extra = new StringBuilder(uri(true, null, queryId).toString());
    settings.forEach((k, v) -> {
      if (!ClickHouseEndpoint.isIdentifier(k)) {
        throw new IllegalArgumentException("ClickHouse setting '" + k + "' is not a setting name");
      }
      extra.append(extra.indexOf("?") < 0 ? '?' : '&').append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
    });
    return read(URI.create(extra.toString()), sql);
  }

  /**
   * A read: sent again once, at once, when it failed before any answer arrived. The JDK client keeps idle
   * connections far longer than ClickHouse does (3 s by default) and may send on one the server has just
   * closed ("header parser received no bytes"); a read is safe to repeat, a write never is (ADR 0304).
   */
  private String read(URI uri, String sql) {
    try {
      return send(uri, text(sql), sql);
    } catch (ClickHouseException.Unavailable e) {
      if (!(e.getCause() instanceof IOException) || e.getCause() instanceof HttpTimeoutException) {
        throw e;
      }
      return send(uri, text(sql), sql);
    }
  }

  @Override
  public void insert(String insertSql, byte[] body) {
    insert(insertSql, body, 0, body.length);
  }

  @Override
  public void insert(String insertSql, byte[] body, int offset, int length) {
    send(uri(true, insertSql, null), new ByteSliceBodyPublisher(body, offset, length), insertSql);
  }

  @Override
  public void insert(String insertSql, byte[] body, int offset, int length, String queryId) {
    send(uri(true, insertSql, queryId), new ByteSliceBodyPublisher(body, offset, length), insertSql);
  }

  /**
   * Polls {@code system.processes} until the query is gone, for at most the request timeout; a query
   * still running then is cancelled ({@code KILL QUERY … SYNC}, which returns once it has stopped).
   */
  @Override
  public void awaitEnd(String queryId) {
    String running = "SELECT count() FROM system.processes WHERE query_id = " + SqlLiteral.quote(queryId) + "\nFORMAT TabSeparated";
    long deadline = System.nanoTime() + endpoint.requestTimeout().toNanos();
    while (System.nanoTime() < deadline) {
      if (query(running).strip().equals("0")) {
        return;
      }
      try {
        Thread.sleep(AWAIT_POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ClickHouseException.Unavailable("interrupted while waiting for query " + queryId + " to end", -1, e);
      }
    }
    execute("KILL QUERY WHERE query_id = " + SqlLiteral.quote(queryId) + " SYNC");
  }

  @Override
  public void ensureDatabase() {
    String sql = "CREATE DATABASE IF NOT EXISTS " + endpoint.database();
    send(uri(false, null, null), text(sql), sql);
  }

  private URI uri(boolean withDatabase, String query, String queryId) {
    StringBuilder s = new StringBuilder(endpoint.url().toString());
    if (s.charAt(s.length() - 1) != '/') {
      s.append('/');
    }
    char sep = '?';
    if (!settings.isEmpty()) {
      s.append(sep).append(settings);
      sep = '&';
    }
    if (withDatabase) {
      s.append(sep).append("database=").append(endpoint.database());
      sep = '&';
    }
    if (query != null) {
      s.append(sep).append("query=").append(URLEncoder.encode(query, StandardCharsets.UTF_8));
      sep = '&';
    }
    if (queryId != null) {
      s.append(sep).append("query_id=").append(URLEncoder.encode(queryId, StandardCharsets.UTF_8));
    }
    return URI.create(s.toString());
  }

  private static HttpRequest.BodyPublisher text(String sql) {
    return HttpRequest.BodyPublishers.ofByteArray(sql.getBytes(StandardCharsets.UTF_8));
  }

  private String send(URI uri, HttpRequest.BodyPublisher body, String what) {
    HttpRequest.Builder req = HttpRequest.newBuilder(uri)
        .timeout(endpoint.requestTimeout())
        .POST(body);
    if (sendCredentials) {
      // ClickHouse's own headers (every version from 18.16 to 26.x); no Basic header beside them: modern
      // servers refuse a request that authenticates twice
      req.header("X-ClickHouse-User", endpoint.user());
      req.header("X-ClickHouse-Key", endpoint.password());
    }
    String label = abbreviate(what);
    HttpResponse<String> resp;
    try {
      resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpTimeoutException e) {
      throw new ClickHouseException.Unavailable(label + ": ClickHouse at " + endpoint.url() + " did not answer within "
          + endpoint.requestTimeout().toMillis() + " ms", -1, e);
    } catch (IOException e) {
      throw new ClickHouseException.Unavailable(label + ": ClickHouse at " + endpoint.url() + " unreachable: " + e, -1, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClickHouseException.Unavailable(label + ": interrupted", -1, e);
    }
    if (resp.statusCode() != 200) {
      throw ClickHouseErrors.classify(resp.statusCode(), resp.body(), label);
    }
    return resp.body();
  }

  private static String abbreviate(String sql) {
    String s = sql.replaceAll("\\s+", " ").strip();
    return s.length() <= 120 ? s : s.substring(0, 120) + "…";
  }
}
