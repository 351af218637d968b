package dev.tokenledger.api.http;

import dev.tokenledger.api.access.AccessPolicy;
import dev.tokenledger.api.auth.ApiTokenStore;
import dev.tokenledger.api.auth.Authenticator;
import dev.tokenledger.api.auth.TokenIssuer;
import dev.tokenledger.api.auth.TokenSecrets;
import dev.tokenledger.api.budget.BudgetService;
import dev.tokenledger.api.efficiency.EfficiencyCalculator;
import dev.tokenledger.api.efficiency.EfficiencyRepository;
import dev.tokenledger.api.efficiency.EfficiencyRequestParser;
import dev.tokenledger.api.efficiency.EfficiencySettings;
import dev.tokenledger.api.query.SpendRepository;
import dev.tokenledger.api.query.SpendRequestParser;
import dev.tokenledger.reconciliation.Reconciliations;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.function.BooleanSupplier;

/**
 * What the HTTP API is built from.
 *
 * @param options how the server runs
 * @param authenticator turns bearer credentials into callers
 * @param tokens the API token store the admin routes manage (a session that may write)
 * @param repository answers questions from the warehouse
 * @param zone the organisation time zone
 * @param closeAfter how long after a month's end its chargeback can still change
 * @param clock the clock for default ranges and the closed flag
 * @param warehouseReachable whether the warehouse answers (for /health)
 * @param budgets the organisation's budgets with their spend (its store may be unavailable: 503)
 * @param efficiency reads the facts of efficiency questions
 * @param efficiencySettings the efficiency targets and thresholds
 * @param reconciliations the providers' reports against the ledger (unavailable: the route answers 503)
 */
public record ApiServices(
    HttpOptions options,
    Authenticator authenticator,
    ApiTokenStore tokens,
    SpendRepository repository,
    ZoneId zone,
    Duration closeAfter,
    Clock clock,
    BooleanSupplier warehouseReachable,
    BudgetService budgets,
    EfficiencyRepository efficiency,
    EfficiencySettings efficiencySettings,
    Reconciliations reconciliations) {

  /** Services without the reconciliation: its route answers 503. */
  public ApiServices(HttpOptions options, Authenticator authenticator, ApiTokenStore tokens, SpendRepository repository, ZoneId zone,
      Duration closeAfter, Clock clock, BooleanSupplier warehouseReachable, BudgetService budgets, EfficiencyRepository efficiency,
      EfficiencySettings efficiencySettings) {
    this(options, authenticator, tokens, repository, zone, closeAfter, clock, warehouseReachable, budgets, efficiency, efficiencySettings,
        Reconciliations.unavailable());
  }

  /** Services without efficiency figures: the efficiency route answers 503. */
  public ApiServices(HttpOptions options, Authenticator authenticator, ApiTokenStore tokens, SpendRepository repository, ZoneId zone,
      Duration closeAfter, Clock clock, BooleanSupplier warehouseReachable, BudgetService budgets) {
    this(options, authenticator, tokens, repository, zone, closeAfter, clock, warehouseReachable, budgets, EfficiencyRepository.unavailable(),
        EfficiencySettings.DEFAULTS);
  }

  /** Services without a budget store: the budget routes answer 503. */
  public ApiServices(HttpOptions options, Authenticator authenticator, ApiTokenStore tokens, SpendRepository repository, ZoneId zone,
      Duration closeAfter, Clock clock, BooleanSupplier warehouseReachable) {
    this(options, authenticator, tokens, repository, zone, closeAfter, clock, warehouseReachable, BudgetService.unavailable(zone, clock));
  }

  /** Services without a budget store but with efficiency figures. */
  public ApiServices(HttpOptions options, Authenticator authenticator, ApiTokenStore tokens, SpendRepository repository, ZoneId zone,
      Duration closeAfter, Clock clock, BooleanSupplier warehouseReachable, EfficiencyRepository efficiency,
      EfficiencySettings efficiencySettings) {
    this(options, authenticator, tokens, repository, zone, closeAfter, clock, warehouseReachable, BudgetService.unavailable(zone, clock),
        efficiency, efficiencySettings);
  }

  /** The route table and the server over it. */
  public ApiServer server() {
    QueryGate gate = new QueryGate(repository, options.maxConcurrentQueries(), options.queueWait(), Duration.ofSeconds(1));
    return new ApiServer(options, authenticator, gate, ApiRoutes.routes(this, gate), warehouseReachable);
  }

  AccessPolicy policy() {
    return new AccessPolicy();
  }

  TokensEndpoints tokenEndpoints() {
    return new TokensEndpoints(tokens, new TokenIssuer(tokens, new TokenSecrets(), clock), clock);
  }

  EfficiencyEndpoint efficiencyEndpoint(QueryGate gate) {
    return new EfficiencyEndpoint(new EfficiencyRequestParser(zone, clock, SpendRequestParser.DEFAULT_MAX_RANGE_DAYS), policy(), efficiency,
        new EfficiencyCalculator(efficiencySettings), gate);
  }

  SpendRequestParser parser() {
    return new SpendRequestParser(zone, clock);
  }
}
