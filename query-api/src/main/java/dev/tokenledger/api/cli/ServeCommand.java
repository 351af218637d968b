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
import picocli.CommandLine.Command;

/** Runs the HTTP API until the process is stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve the organisation's HTTP API (GET /health; GET /v1/... with a bearer credential) on http.host:http.port "
        + "(default 127.0.0.1:18090; env TOKENLEDGER_API_HOST, TOKENLEDGER_API_PORT).")
public final class ServeCommand extends ApiCommand {

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
        w::reachable, budgets.service(), w.efficiency(), settings.efficiency());
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
}
