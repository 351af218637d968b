package dev.tokenledger.agent.cli;

import dev.tokenledger.agent.runtime.AgentMetrics;
import dev.tokenledger.operations.Operations;
import dev.tokenledger.operations.OpsSettings;
import dev.tokenledger.agent.config.AgentConfig;
import dev.tokenledger.agent.intake.IntakeServer;
import dev.tokenledger.agent.intake.IntakeToken;
import dev.tokenledger.agent.runtime.AgentRuntime;
import dev.tokenledger.agent.runtime.DirectoryWatcher;
import dev.tokenledger.agent.validation.UsageValidator;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Watches the logs continuously and publishes new usage as it appears. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Watch the logs continuously (file-system watch + periodic stat), publish new events, serve the local intake.")
public final class RunCommand implements Callable<Integer> {

  @ParentCommand
  AgentContext main;

  @Option(names = "--no-intake", description = "Do not start the local HTTP intake.")
  boolean noIntake;

  @Option(names = "--ops-port", paramLabel = "PORT", description = "Serve /metrics, /health/live and /health/ready on 127.0.0.1:PORT"
      + " (default: TOKENLEDGER_OPS_PORT, else off).")
  Integer opsPort;

  private volatile boolean stopping;

  private int opsPortFromEnvironment() {
    String v = System.getenv(OpsSettings.ENV_PORT);
    if (v == null || v.isBlank()) {
      return 0;
    }
    try {
      int p = Integer.parseInt(v.trim());
      if (p < 0 || p > 65_535) {
        throw new NumberFormatException();
      }
      return p;
    } catch (NumberFormatException e) {
      main.err().println(OpsSettings.ENV_PORT + " is not a port (0-65535): '" + v + "'; metrics stay off");
      return 0;
    }
  }

  @Override
  public Integer call() throws Exception {
    AgentConfig config = main.config();
    PrintStream err = main.err();
    Optional<AgentRuntime> opened = AgentRuntime.open(config, main.sources(), main.environment(), main.clock(), "run");
    if (opened.isEmpty()) {
      err.println("another agent process is using " + config.stateDir());
      return ExitCodes.LOCKED;
    }
    CountDownLatch done = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      stopping = true; // the loop notices within a second; file channels are never interrupted
      try {
        done.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "tokenledger-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    IntakeServer intake = null;
    Optional<Operations> ops = Optional.empty();
    try (AgentRuntime runtime = opened.get(); DirectoryWatcher watcher = DirectoryWatcher.create()) {
      runtime.startPublisher();
      int port = opsPort != null ? opsPort : opsPortFromEnvironment();
      if (port > 0) {
        Operations o = new Operations("agent");
        ops = Optional.of(o);
        AgentMetrics.bind(runtime, o.registry());
        o.serve(new OpsSettings("127.0.0.1", port), () -> AgentMetrics.readiness(runtime));
        err.println("metrics and health on http://127.0.0.1:" + port + "/metrics");
      }
      runtime.startEfficiencyInputs();
      if (config.intake().enabled() && !noIntake) {
        try {
          IntakeToken token = IntakeToken.loadOrCreate(config.stateDir());
          intake = IntakeServer.start(config.intake().port(), token, runtime.journal(), runtime.newAttributor(),
              new UsageValidator(config.limits(), main.clock()), config.intake().otlpSources(), runtime::intakeEvent);
          runtime.intakeStarted(intake.port());
          err.println("intake listening on http://127.0.0.1:" + intake.port() + IntakeServer.USAGE_PATH
              + " and OTLP/HTTP logs on http://127.0.0.1:" + intake.port() + IntakeServer.OTLP_LOGS_PATH
              + " (send 'Authorization: Bearer' with the token in " + config.stateDir().resolve(IntakeToken.FILE) + ")");
        } catch (IOException e) {
          err.println("intake not started (port " + config.intake().port() + "): " + e.getMessage());
        }
      }
      err.println("watching; state in " + config.stateDir() + ", publishing to " + config.topics().usageEvents()
          + " on " + config.kafka().bootstrapServers());
      Duration interval = config.scan().interval();
      String lastFailure = null;
      while (!stopping) {
        try {
          runtime.scanner().scanOnce(dev.tokenledger.agent.runtime.ScanProgress.NONE);
          runtime.writeStatus();
          lastFailure = null;
        } catch (IOException e) {
          // the state directory itself failed (disk full, permissions): say so once, keep trying
          if (!e.toString().equals(lastFailure)) {
            err.println("scan failed, retrying every " + interval.toSeconds() + " s: " + e);
            lastFailure = e.toString();
          }
        }
        watcher.watch(runtime.scanner().watchedDirectories());
        watcher.awaitChange(interval, Duration.ofSeconds(1), () -> stopping);
      }
      if (intake != null) {
        intake.close();
      }
      err.println("stopping; " + runtime.journal().spool().depth() + " events wait in the spool");
      return ExitCodes.OK;
    } finally {
      ops.ifPresent(Operations::close);
      done.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down
      }
    }
  }
}
