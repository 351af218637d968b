package dev.tokenledger.api.cli;

import dev.tokenledger.api.metrics.MicrometerRequestMetrics;
import dev.tokenledger.operations.Operations;
import dev.tokenledger.operations.Readiness;
import dev.tokenledger.api.auth.ApiTokenStore;
import dev.tokenledger.api.clickhouse.ClickHouseApiTokenStore;
import dev.tokenledger.api.config.HttpSettings;
import dev.tokenledger.api.query.CachingSpendRepository;
import dev.tokenledger.warehouse.clickhouse.ClickHouseHttpClient;
import dev.tokenledger.api.config.ApiSettings;
import dev.tokenledger.api.http.ApiServer;
import dev.tokenledger.api.http.ApiServices;
import dev.tokenledger.api.http.HttpOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import dev.tokenledger.reconciliation.LedgerScope;
import dev.tokenledger.reconciliation.ModelMap;
import dev.tokenledger.reconciliation.Provider;
import dev.tokenledger.reconciliation.ReconciliationService;
import dev.tokenledger.reconciliation.Reconciliations;
import dev.tokenledger.reconciliation.clickhouse.ClickHouseReconciliationStore;
import dev.tokenledger.reconciliation.config.ReconcileSettings;
import dev.tokenledger.reconciliation.config.ReconcileSettingsParser;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the HTTP API until the process is stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve the organisation's HTTP API (GET /health; GET /v1/... with a bearer credential) on http.host:http.port "
        + "(default 127.0.0.1:18090; env TOKENLEDGER_API_HOST, TOKENLEDGER_API_PORT).")
public final class ServeCommand extends ApiCommand {

  @Option(names = "--reconcile-config", paramLabel = "FILE", description = "the reconcile role's TOML (ledger scope, model map, "
      + "alert_share) for GET /v1/reconciliation; without it every ledger event of a provider is in scope")
  Path reconcileConfig;

  @Override
  int run(ApiSettings settings) throws Exception {
    Warehouse w = Warehouse.from(settings);
    CountDownLatch stopped = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    HttpSettings http = settings.http();
    Authentication auth = Authentication.from(settings.auth(), w.client(), Clock.systemUTC());
    // Only the admin's token routes write, through their own session; every question reads read-only.
    ApiTokenStore adminTokens = new ClickHouseApiTokenStore(new ClickHouseHttpClient(settings.clickhouse()));
    // Budgets follow the compacted topic in the background: the API answers spend questions at once,
    // and the budget routes answer 503 until the store has caught up (or while Kafka is down).
    BudgetWiring budgets = BudgetWiring.start(settings, w, Clock.systemUTC());
    ApiServices services = new ApiServices(
        new HttpOptions(http.host(), http.port(), http.maxRequestBytes(), http.corsOrigins(), http.threads(),
            Math.max(1, http.threads() / 2), Duration.ofSeconds(2), http.shutdownGrace()),
        auth.authenticator(), adminTokens,
        CachingSpendRepository.over(w.spend(), settings.cache().ttl(), settings.cache().maxEntries(), Clock.systemUTC()), settings.zone(), settings.finance().closeAfter(), Clock.systemUTC(),
        w::reachable, budgets.service(), w.efficiency(), settings.efficiency(), reconciliations(w));
    try (budgets; ApiServer server = services.server(); Operations ops = new Operations("api")) {
      server.recordRequests(new MicrometerRequestMetrics(ops.registry()));
      // A stop signal lets running requests finish (the server's grace) before the JVM exits.
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        stopped.countDown();
        try {
          closed.await(services.options().shutdownGrace().toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "api-shutdown"));
      server.start();
      ops.serve(settings.ops(), () -> !server.accepting() ? Readiness.Status.notReady("stopping")
          : w.reachable() ? Readiness.Status.ready("serving") : Readiness.Status.notReady("warehouse unreachable"));
      System.err.println("tokenledger api: http://" + settings.listenHost() + ":" + server.port() + "/v1/spend?group_by=team&granularity=month");
      stopped.await();
    } finally {
      closed.countDown();
    }
    return 0;
  }

  /** The reconciliation over the read-only session, with the reconcile role's scope when its file is given. */
  private Reconciliations reconciliations(Warehouse w) {
    Map<Provider, LedgerScope> scopes = new EnumMap<>(Provider.class);
    Map<Provider, ModelMap> models = new EnumMap<>(Provider.class);
    java.math.BigDecimal threshold = Reconciliations.DEFAULT_THRESHOLD;
    if (reconcileConfig != null) {
      ReconcileSettings r = ReconcileSettingsParser.parse(Optional.of(reconcileConfig), System.getenv());
      for (Provider p : Provider.values()) {
        scopes.put(p, r.provider(p).scope());
        models.put(p, r.provider(p).models());
      }
      threshold = r.alertShare();
    }
    return new Reconciliations(Optional.of(new ReconciliationService(new ClickHouseReconciliationStore(w.client(), Clock.systemUTC()))),
        scopes, models, threshold);
  }
}
