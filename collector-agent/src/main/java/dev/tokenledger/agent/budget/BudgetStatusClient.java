package dev.tokenledger.agent.budget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Asks the organisation's API ({@code GET /v1/budgets/status}) for the budgets that apply to the
 * token's user, their teams, and the given project and cost centre. Failures are
 * {@link BudgetStatusUnavailable} with a short reason safe to show in a status line.
 */
public final class BudgetStatusClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI api;
  private final String token;
  private final HttpClient http;
  private final Duration timeout;

  public BudgetStatusClient(URI api, String token, Duration timeout) {
    this.api = api;
    this.token = token;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  public BudgetStatus status(String projectId, String costCentre) {
    Map<String, String> params = new LinkedHashMap<>();
    if (projectId != null && !projectId.isBlank()) {
      params.put("project", projectId);
    }
    if (costCentre != null && !costCentre.isBlank()) {
      params.put("cost_centre", costCentre);
    }
    StringBuilder q = new StringBuilder();
    params.forEach((k, v) -> q.append(q.length() == 0 ? "?" : "&").append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    String base = api.toString().replaceAll("/+$", "");
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v1/budgets/status" + q))
        .timeout(timeout)
        .header("Authorization", "Bearer " + token)
        .header("Accept", "application/json")
        .GET().build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new BudgetStatusUnavailable("API unreachable", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BudgetStatusUnavailable("interrupted", e);
    }
    switch (response.statusCode()) {
      case 200 -> { }
      case 401 -> throw new BudgetStatusUnavailable("token refused", null);
      case 403 -> throw new BudgetStatusUnavailable("not allowed", null);
      default -> throw new BudgetStatusUnavailable("API answered " + response.statusCode(), null);
    }
    try {
      JsonNode body = JSON.readTree(response.body());
      if (!body.path("line").isTextual()) {
        throw new BudgetStatusUnavailable("unexpected answer", null);
      }
      return new BudgetStatus(body.get("line").asText(), body.path("exceeded").asBoolean(false), response.body());
    } catch (IOException e) {
      throw new BudgetStatusUnavailable("unexpected answer", e);
    }
  }
}
