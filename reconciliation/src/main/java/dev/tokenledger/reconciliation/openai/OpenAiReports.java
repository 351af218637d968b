package dev.tokenledger.reconciliation.openai;

import dev.tokenledger.reconciliation.DayRange;
import dev.tokenledger.reconciliation.Provider;
import dev.tokenledger.reconciliation.ProviderReportException;
import dev.tokenledger.reconciliation.ProviderReportSource;
import dev.tokenledger.reconciliation.ProviderRow;
import dev.tokenledger.reconciliation.ReportKind;
import dev.tokenledger.reconciliation.http.PagedReport;
import dev.tokenledger.reconciliation.http.ProviderHttp;
import java.net.URI;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * OpenAI's organization Usage and Costs APIs (an admin key as a bearer token): completions usage grouped
 * by model and costs grouped by line item, in daily buckets ({@code bucket_width=1d}; Unix
 * {@code start_time} inclusive, {@code end_time} exclusive; 31 and 180 buckets per page), every page
 * followed to its end.
 */
public final class OpenAiReports implements ProviderReportSource {

  public static final URI DEFAULT_BASE_URL = URI.create("https://api.openai.com");

  private final ProviderHttp http;
  private final URI baseUrl;
  private final Map<String, String> headers;

  public OpenAiReports(ProviderHttp http, URI baseUrl, String adminKey) {
    this.http = Objects.requireNonNull(http, "http");
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    if (adminKey == null || adminKey.isBlank()) {
      throw new IllegalArgumentException("an OpenAI admin key is needed");
    }
    this.headers = Map.of("authorization", "Bearer " + adminKey, "accept", "application/json");
  }

  @Override
  public Provider provider() {
    return Provider.OPENAI;
  }

  @Override
  public String origin() {
    return "api";
  }

  @Override
  public List<ProviderRow> fetch(ReportKind report, DayRange range) throws ProviderReportException {
    return switch (report) {
      case USAGE -> read("/v1/organization/usage/completions", "model", "31", range, report);
      case COST -> read("/v1/organization/costs", "line_item", "180", range, report);
      case CLAUDE_CODE -> throw new IllegalArgumentException("openai has no claude_code report");
    };
  }

  private List<ProviderRow> read(String path, String groupBy, String limit, DayRange range, ReportKind report)
      throws ProviderReportException {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("start_time", String.valueOf(range.from().atStartOfDay(ZoneOffset.UTC).toEpochSecond()));
    q.put("end_time", String.valueOf(range.endExclusive().atStartOfDay(ZoneOffset.UTC).toEpochSecond()));
    q.put("bucket_width", "1d");
    q.put("group_by", groupBy);
    q.put("limit", limit);
    return PagedReport.readAll(http, page -> PagedReport.uri(baseUrl, path, q, page), headers,
        OpenAiPages.parser(report), "openai " + path.substring("/v1/organization/".length()));
  }
}
