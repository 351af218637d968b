package dev.tokenledger.api.clickhouse;

import dev.tokenledger.api.query.WarehouseException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs read-only SQL against ClickHouse's HTTP interface and parses {@code TabSeparatedWithNames}
 * answers. The format is named in the SQL text (older servers ignore format headers); the session is
 * made read-only ({@code readonly=1}) so the API can never change data.
 */
public final class ClickHouseReader {

  private final URI endpoint;
  private final HttpClient http;
  private final Duration timeout;

  public ClickHouseReader(ClickHouseAddress address, Duration timeout) {
    StringBuilder q = new StringBuilder("?readonly=1");
    address.user().ifPresent(u -> q.append("&user=").append(URLEncoder.encode(u, StandardCharsets.UTF_8)));
    address.password().ifPresent(p -> q.append("&password=").append(URLEncoder.encode(p, StandardCharsets.UTF_8)));
    this.endpoint = URI.create(address.url().replaceAll("/+$", "") + "/" + q);
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
  }

  /** Runs {@code sql} (which must end in {@code FORMAT TabSeparatedWithNames}) and returns the table. */
  public TsvTable query(String sql) {
    HttpRequest request = HttpRequest.newBuilder(endpoint)
        .timeout(timeout)
        .POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8))
        .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpTimeoutException e) {
      throw new WarehouseException("ClickHouse did not answer within " + timeout.toMillis() + " ms (" + endpoint.getHost() + ":" + endpoint.getPort() + ")", e);
    } catch (ConnectException e) {
      throw new WarehouseException("ClickHouse is unreachable at " + endpoint.getHost() + ":" + endpoint.getPort(), e);
    } catch (IOException e) {
      throw new WarehouseException("ClickHouse request failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WarehouseException("interrupted while querying ClickHouse", e);
    }
    if (response.statusCode() != 200) {
      String body = response.body().strip();
      throw new WarehouseException("ClickHouse rejected the query (HTTP " + response.statusCode() + "): "
          + (body.length() > 500 ? body.substring(0, 500) + "…" : body));
    }
    return TsvTable.parse(response.body());
  }

  /** A parsed {@code TabSeparatedWithNames} answer. */
  public record TsvTable(List<String> names, List<List<String>> rows) {

    public int column(String name) {
      int i = names.indexOf(name);
      if (i < 0) {
        throw new WarehouseException("ClickHouse answer has no column '" + name + "' (columns: " + names + ")");
      }
      return i;
    }

    static TsvTable parse(String body) {
      List<List<String>> lines = new ArrayList<>();
      int start = 0;
      while (start < body.length()) {
        int end = body.indexOf('\n', start);
        if (end < 0) {
          end = body.length();
        }
        lines.add(fields(body, start, end));
        start = end + 1;
      }
      if (lines.isEmpty()) {
        return new TsvTable(List.of(), List.of());
      }
      return new TsvTable(lines.get(0), java.util.Collections.unmodifiableList(lines.subList(1, lines.size())));
    }

    /** Splits one line on tabs (tabs inside values are escaped) and unescapes; {@code \\N} is NULL. */
    private static List<String> fields(String s, int start, int end) {
      List<String> out = new ArrayList<>();
      int from = start;
      for (int i = start; i <= end; i++) {
        if (i == end || s.charAt(i) == '\t') {
          out.add(unescape(s.substring(from, i)));
          from = i + 1;
        }
      }
      return java.util.Collections.unmodifiableList(out);
    }

    private static String unescape(String raw) {
      if (raw.equals("\\N")) {
        return null;
      }
      if (raw.indexOf('\\') < 0) {
        return raw;
      }
      StringBuilder f = new StringBuilder(raw.length());
      for (int i = 0; i < raw.length(); i++) {
        char c = raw.charAt(i);
        if (c == '\\' && i + 1 < raw.length()) {
          char n = raw.charAt(++i);
          f.append(switch (n) {
            case 't' -> '\t';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case '0' -> '\0';
            case 'b' -> '\b';
            case 'f' -> '\f';
            default -> n;
          });
        } else {
          f.append(c);
        }
      }
      return f.toString();
    }
  }
}
