package dev.tokenledger.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenledger.api.auth.AuthenticationException;
import dev.tokenledger.api.auth.InMemoryTokenStore;
import dev.tokenledger.api.auth.Principal;
import dev.tokenledger.api.budget.BudgetService;
import dev.tokenledger.api.budget.InMemoryBudgetStore;
import dev.tokenledger.api.efficiency.EfficiencyRepository;
import dev.tokenledger.api.efficiency.EfficiencySettings;
import dev.tokenledger.api.query.Page;
import dev.tokenledger.api.query.QueryId;
import dev.tokenledger.api.query.SessionDetail;
import dev.tokenledger.api.query.SessionQuery;
import dev.tokenledger.api.query.SpendQuery;
import dev.tokenledger.api.query.SpendRepository;
import dev.tokenledger.api.query.SpendRow;
import dev.tokenledger.reconciliation.Reconciliations;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code GET /v1/reconciliation}: who may ask, what the rows say, CSV, and 503 without a store. */
class ReconciliationRouteTest {

  private final HttpClient http = HttpClient.newHttpClient();
  private ApiServer server;

  private void start(Reconciliations reconciliations) {
    SpendRepository none = new SpendRepository() {
      @Override
      public Page<SpendRow> spend(SpendQuery q, QueryId id) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Optional<SessionDetail> session(SessionQuery q, QueryId id) {
        return Optional.empty();
      }

      @Override
      public void cancel(QueryId id) {}
    };
    ApiServices services = new ApiServices(HttpOptions.local("127.0.0.1", 0), bearer -> {
      Principal p = ApiServerTest.CALLERS.get(bearer);
      if (p == null) {
        throw new AuthenticationException("invalid or revoked API token");
      }
      return p;
    }, new InMemoryTokenStore(), none, ZoneId.of("UTC"), Duration.ofHours(25), Clock.systemUTC(), () -> true,
        new BudgetService(new InMemoryBudgetStore(), (org, scope, value, window, id) -> java.math.BigDecimal.ONE, ZoneId.of("UTC"),
            Clock.systemUTC()), EfficiencyRepository.unavailable(), EfficiencySettings.DEFAULTS, reconciliations);
    server = services.server();
    server.start();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private HttpResponse<String> get(String token, String pathAndQuery, String accept) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery))
        .header("Authorization", "Bearer " + token).header("Accept", accept).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void financeSeesEveryRowWithItsStatusAndNullSharesWhereTheProviderHasNothing() throws Exception {
    start(OpenApiContractTest.RECONCILIATIONS);
    HttpResponse<String> r = get("fin", "/v1/reconciliation?from=2026-11-01&to=2026-12-01&provider=anthropic", "application/json");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = new ObjectMapper().readTree(r.body());
    assertThat(body.get("providers").toString()).isEqualTo("[\"anthropic\"]");
    JsonNode rows = body.get("rows");
    assertThat(rows).hasSize(4);
    assertThat(rows.get(0).get("model").asText()).isEqualTo("m1");
    assertThat(rows.get(0).get("status").asText()).isEqualTo("matched");
    assertThat(rows.get(1).get("status").asText()).isEqualTo("different");
    assertThat(rows.get(1).get("token_variance").asLong()).isEqualTo(5);
    assertThat(rows.get(1).get("cost_variance_usd").asText()).isEqualTo("0.1");
    assertThat(rows.get(1).get("cost_share").asText()).isEqualTo("0.050000");
    assertThat(rows.get(1).get("over_threshold").asBoolean()).isFalse();
    assertThat(rows.get(2).get("status").asText()).isEqualTo("ledger_only");
    assertThat(rows.get(2).get("cost_share").isNull()).isTrue();
    assertThat(rows.get(2).get("over_threshold").asBoolean()).isTrue();
    assertThat(rows.get(3).get("status").asText()).isEqualTo("provider_only");
  }

  @Test
  void csvHasTheHeaderAndAnEmptyCellForAMissingShare() throws Exception {
    start(OpenApiContractTest.RECONCILIATIONS);
    HttpResponse<String> r = get("adm", "/v1/reconciliation?from=2026-11-01&to=2026-12-01&provider=openai", "text/csv");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body().lines().toList()).hasSize(5).first().asString().startsWith("day,provider,model,subject,status,");
    assertThat(r.body().lines().toList().get(3)).startsWith("2026-11-02,openai,m4,,ledger_only,").contains(",,");
  }

  @Test
  void developersAndManagersAreRefusedAndBadParametersNamed() throws Exception {
    start(OpenApiContractTest.RECONCILIATIONS);
    assertThat(get("dev", "/v1/reconciliation?from=2026-11-01&to=2026-12-01", "application/json").statusCode()).isEqualTo(403);
    assertThat(get("mgr", "/v1/reconciliation?from=2026-11-01&to=2026-12-01", "application/json").statusCode()).isEqualTo(403);
    HttpResponse<String> backwards = get("fin", "/v1/reconciliation?from=2026-12-01&to=2026-11-01", "application/json");
    assertThat(backwards.statusCode()).isEqualTo(400);
    assertThat(backwards.body()).contains("to: must be after from");
    HttpResponse<String> year = get("fin", "/v1/reconciliation?from=2025-01-01&to=2026-12-01", "application/json");
    assertThat(year.statusCode()).isEqualTo(400);
    assertThat(year.body()).contains("at most 366 days");
    assertThat(get("fin", "/v1/reconciliation?from=2026-11-01&to=2026-12-01&provider=gemini", "application/json").body())
        .contains("provider: unknown provider 'gemini'");
  }

  @Test
  void withoutAStoreTheRouteAnswers503() throws Exception {
    start(Reconciliations.unavailable());
    HttpResponse<String> r = get("fin", "/v1/reconciliation?from=2026-11-01&to=2026-12-01", "application/json");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).contains("warehouse unavailable");
  }
}
