package dev.tokenledger.reconciliation.http;

import dev.tokenledger.reconciliation.ProviderReportException;
import dev.tokenledger.reconciliation.ProviderRow;
import dev.tokenledger.reconciliation.page.Page;
import dev.tokenledger.reconciliation.page.PageParser;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads every page of one report: the first request without {@code page}, then one per {@code next_page}
 * cursor until {@code has_more} is false. A cursor seen twice is an error (a provider that loops would
 * otherwise never end).
 */
public final class PagedReport {

  private PagedReport() {}

  /** Every row of every page; {@code url} builds the request for a cursor (empty for the first page). */
  public static List<ProviderRow> readAll(ProviderHttp http, Function<Optional<String>, URI> url,
      Map<String, String> headers, PageParser parser, String what) throws ProviderReportException {
    List<ProviderRow> rows = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    Optional<String> cursor = Optional.empty();
    do {
      Page page = parser.parse(http.get(url.apply(cursor), headers, what));
      rows.addAll(page.rows());
      cursor = page.nextPage();
      if (cursor.isPresent() && !seen.add(cursor.get())) {
        throw new ProviderReportException(what + ": the provider returned the same next_page cursor twice");
      }
    } while (cursor.isPresent());
    return rows;
  }

  /** {@code base + path + "?" + query}, every name and value URL-encoded, in the given order. */
  public static URI uri(URI base, String path, Map<String, String> query, Optional<String> page) {
    Map<String, String> q = new LinkedHashMap<>(query);
    page.ifPresent(p -> q.put("page", p));
    StringBuilder sb = new StringBuilder(base.toString().replaceAll("/+$", "")).append(path);
    char sep = '?';
    for (Map.Entry<String, String> e : q.entrySet()) {
      sb.append(sep).append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
      sep = '&';
    }
    return URI.create(sb.toString());
  }
}
