package dev.tokenledger.agent.budget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenledger.agent.api.ApiClient;
import dev.tokenledger.agent.api.ApiEndpoint;
import dev.tokenledger.agent.api.ApiUnavailable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Asks the organisation's API ({@code GET /v1/budgets/status}) for the budgets that apply to the
 * token's user, their teams, and the given project and cost centre. Failures are
 * {@link BudgetStatusUnavailable} with a short reason safe to show in a status line.
 */
public final class BudgetStatusClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ApiClient api;

  public BudgetStatusClient(ApiEndpoint endpoint, Duration timeout) {
    this.api = new ApiClient(endpoint, timeout);
  }

  public BudgetStatus status(String projectId, String costCentre) {
    List<Map.Entry<String, String>> params = new ArrayList<>();
    if (projectId != null && !projectId.isBlank()) {
      params.add(Map.entry("project", projectId));
    }
    if (costCentre != null && !costCentre.isBlank()) {
      params.add(Map.entry("cost_centre", costCentre));
    }
    String text;
    JsonNode body;
    try {
      text = api.getText("/v1/budgets/status", params);
      body = JSON.readTree(text);
    } catch (java.io.IOException e) {
      throw new BudgetStatusUnavailable("unexpected answer", e);
    } catch (ApiUnavailable e) {
      // a status line stays short: the reason without the API's detail
      String reason = switch (e.status()) {
        case 0 -> e.getMessage();
        case 200 -> "unexpected answer";
        case 401 -> "token refused";
        case 403 -> "not allowed";
        default -> "API answered " + e.status();
      };
      throw new BudgetStatusUnavailable(reason, e);
    }
    if (!body.path("line").isTextual()) {
      throw new BudgetStatusUnavailable("unexpected answer", null);
    }
    return new BudgetStatus(body.get("line").asText(), body.path("exceeded").asBoolean(false), text);
  }
}
