package dev.tokenledger.api.http;

import dev.tokenledger.api.access.AccessPolicy;
import java.util.List;

/** The route table of the API: built by a pure function, registered by the server, documented in {@code /v1/openapi.json}. */
final class ApiRoutes {

  private ApiRoutes() {}

  static List<Route> routes(ApiServices s, QueryGate gate) {
    AccessPolicy policy = s.policy();
    TokensEndpoints tokens = s.tokenEndpoints();
    BudgetsEndpoints budgets = new BudgetsEndpoints(s.budgets(), gate);
    return List.of(
        new Route("GET", "/v1/me", false, new MeEndpoint()),
        new Route("GET", "/v1/spend", false, new SpendEndpoint(s.parser(), policy, s.repository(), gate)),
        new Route("GET", "/v1/chargeback", false, new ChargebackEndpoint(policy, s.repository(), gate, s.zone(), s.closeAfter(), s.clock())),
        new Route("GET", "/v1/sessions/{id}", false, new SessionEndpoint(policy, s.repository(), gate)),
        new Route("GET", "/v1/efficiency", false, s.efficiencyEndpoint(gate)),
        new Route("GET", "/v1/reconciliation", false, new ReconciliationEndpoint(s.reconciliations(), gate)),
        new Route("GET", "/v1/openapi.json", false, new OpenApiEndpoint()),
        new Route("GET", "/v1/tokens", true, tokens::list),
        new Route("POST", "/v1/tokens", true, tokens::create),
        new Route("DELETE", "/v1/tokens/{id}", true, tokens::revoke),
        // the status route before the budget id route: "status" is never read as a budget id
        new Route("GET", "/v1/budgets/status", false, budgets::status),
        new Route("GET", "/v1/budgets", false, budgets::list),
        new Route("GET", "/v1/budgets/{id}", false, budgets::show),
        new Route("PUT", "/v1/budgets/{id}", true, budgets::put),
        new Route("DELETE", "/v1/budgets/{id}", true, budgets::delete));
  }
}
