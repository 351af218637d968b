package dev.tokenledger.api.cli;

import dev.tokenledger.api.config.ApiSettings;
import dev.tokenledger.api.http.ApiServer;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;

/** Runs the HTTP API until the process is stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve the read-only HTTP API (GET /health, GET /v1/spend) on http.host:http.port (default 127.0.0.1:18090; env TOKENLEDGER_API_HOST, TOKENLEDGER_API_PORT).")
public final class ServeCommand extends ApiCommand {

  @Override
  int run(ApiSettings settings) throws Exception {
    Warehouse w = Warehouse.from(settings);
    CountDownLatch stopped = new CountDownLatch(1);
    try (ApiServer server = new ApiServer(w.settings().listenHost(), w.settings().listenPort(), w.spend(), w.requests(), w::reachable)) {
      Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "api-shutdown"));
      server.start();
      System.err.println("tokenledger api: http://" + w.settings().listenHost() + ":" + server.port() + "/v1/spend?group_by=team&granularity=month");
      stopped.await();
    }
    return 0;
  }
}
