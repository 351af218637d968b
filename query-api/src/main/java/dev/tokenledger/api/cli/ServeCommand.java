package dev.tokenledger.api.cli;

import dev.tokenledger.api.http.ApiServer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;

/** Runs the HTTP API until the process is stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve the read-only HTTP API (GET /health, GET /v1/spend) on TOKENLEDGER_API_HOST:TOKENLEDGER_API_PORT (default 127.0.0.1:18090).")
public final class ServeCommand implements Callable<Integer> {

  @Override
  public Integer call() throws Exception {
    Warehouse w = Warehouse.fromEnvironment();
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
