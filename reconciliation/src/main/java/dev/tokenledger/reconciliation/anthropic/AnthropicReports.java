package dev.tokenledger.reconciliation.anthropic;

import dev.tokenledger.reconciliation.DayRange;
import dev.tokenledger.reconciliation.Provider;
import dev.tokenledger.reconciliation.ProviderReportException;
import dev.tokenledger.reconciliation.ProviderReportSource;
import dev.tokenledger.reconciliation.ProviderRow;
import dev.tokenledger.reconciliation.ReportKind;
import dev.tokenledger.reconciliation.http.PagedReport;
import dev.tokenledger.reconciliation.http.ProviderHttp;
import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Anthropic's Admin API (an admin key, {@code sk-ant-admin…}, in {@code x-api-key}; {@code anthropic-version}
 * 2023-06-01): the messages usage report grouped by model and the cost report grouped by description, in
 * daily buckets ({@code bucket_width=1d}, up to 31 per page), and the Claude Code Analytics report, one
 * day per request (up to 1000 records per page). Every page is followed to its end.
 */
public final class AnthropicReports implements ProviderReportSource {

  public static final URI DEFAULT_BASE_URL = URI.create("https://api.anthropic.com");
  public static final String API_VERSION = "2023-06-01";

  private final ProviderHttp http;
  private final URI baseUrl;
  private final Map<String, String> headers;

  public AnthropicReports(ProviderHttp http, URI baseUrl, String adminKey) {
    this.http = Objects.requireNonNull(http, "http");
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    if (adminKey == null || adminKey.isBlank()) {
      throw new IllegalArgumentException("an Anthropic admin key is needed");
    }
    this.headers = Map.of("x-api-key", adminKey, "anthropic-version", API_VERSION, "accept", "application/json");
  }

  @Override
  public Provider provider() {
    return Provider.ANTHROPIC;
  }

  @Override
  public String origin() {
    return "api";
  }

  @Override
  public List<ProviderRow> fetch(ReportKind report, DayRange range) throws ProviderReportException {
    return switch (report) {
      case USAGE -> buckets("/v1/organizations/usage_report/messages", "model", range, report);
      case COST -> buckets("/v1/organizations/cost_report", "description", range, report);
      case CLAUDE_CODE -> claudeCode(range);
    };
  }

  private List<ProviderRow> buckets(String path, String groupBy, DayRange range, ReportKind report)
      throws ProviderReportException {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("starting_at", range.from() + "T00:00:00Z");
    q.put("ending_at", range.endExclusive() + "T00:00:00Z");
    q.put("bucket_width", "1d");
    q.put("group_by[]", groupBy);
    q.put("limit", "31");
    return PagedReport.readAll(http, page -> PagedReport.uri(baseUrl, path, q, page), headers,
        AnthropicPages.parser(report), "anthropic " + path.substring(path.lastIndexOf("organizations/") + 14));
  }

  private List<ProviderRow> claudeCode(DayRange range) throws ProviderReportException {
    String path = "/v1/organizations/usage_report/claude_code";
    List<ProviderRow> rows = new ArrayList<>();
    for (LocalDate day : range.days()) {
      Map<String, String> q = new LinkedHashMap<>();
      q.put("starting_at", day.toString());
      q.put("limit", "1000");
      rows.addAll(PagedReport.readAll(http, page -> PagedReport.uri(baseUrl, path, q, page), headers,
          AnthropicPages::claudeCode, "anthropic usage_report/claude_code " + day));
    }
    return rows;
  }
}
