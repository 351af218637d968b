package dev.tokenledger.agent.cli;

import dev.tokenledger.agent.config.AgentConfig;
import dev.tokenledger.agent.intake.ReceiverTokens;
import dev.tokenledger.agent.intake.TelemetryReceiver;
import dev.tokenledger.agent.otlp.TelemetryUsage;
import dev.tokenledger.agent.runtime.AgentRuntime;
import dev.tokenledger.agent.validation.UsageValidator;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * The central telemetry role: an OTLP/HTTP logs receiver for many machines, publishing through its own
 * spool (no log files are read). ADR 0140.
 */
@Command(name = "receive", mixinStandardHelpOptions = true,
    description = "Central OTLP/HTTP logs receiver: POST /v1/logs from many machines (token list), usage events "
        + "attributed to the telemetry's user, published through this state directory's spool.")
public final class ReceiveCommand implements Callable<Integer> {

  @ParentCommand
  AgentContext main;

  @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "0.0.0.0:4318",
      description = "Address to listen on (default: ${DEFAULT-VALUE}). Plain HTTP: terminate TLS in front.")
  String listen;

  @Option(names = "--tokens", paramLabel = "FILE", required = true,
      description = "Accepted bearer tokens, one per line (at least 32 characters each; # comments).")
  Path tokensFile;

  @Option(names = "--sources", paramLabel = "LIST", defaultValue = "claude_code,gemini_cli,codex", split = ",",
      description = "Assistants whose usage events are taken (default: ${DEFAULT-VALUE}).")
  List<String> sources;

  private volatile boolean stopping;

  @Override
  public Integer call() throws Exception {
    PrintStream err = main.err();
    Set<String> accepted = new TreeSet<>(sources);
    if (!AgentConfig.Intake.OTLP_SOURCES.containsAll(accepted)) {
      err.println("--sources must name some of " + new TreeSet<>(AgentConfig.Intake.OTLP_SOURCES) + ", was " + sources);
      return ExitCodes.USAGE;
    }
    InetSocketAddress address;
    int colon = listen.lastIndexOf(':');
    try {
      address = new InetSocketAddress(listen.substring(0, colon), Integer.parseInt(listen.substring(colon + 1)));
    } catch (RuntimeException e) {
      err.println("--listen must be HOST:PORT, was '" + listen + "'");
      return ExitCodes.USAGE;
    }
    ReceiverTokens tokens;
    try {
      tokens = ReceiverTokens.read(tokensFile);
    } catch (IOException e) {
      err.println("--tokens: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    AgentConfig config = main.config();
    Optional<AgentRuntime> opened = AgentRuntime.open(config, List.of(), main.environment(), main.clock(), "receive");
    if (opened.isEmpty()) {
      err.println("another agent process is using " + config.stateDir());
      return ExitCodes.LOCKED;
    }
    CountDownLatch done = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      stopping = true;
      try {
        done.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "tokenledger-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try (AgentRuntime runtime = opened.get()) {
      runtime.startPublisher();
      try (TelemetryReceiver receiver = TelemetryReceiver.start(address, tokens, runtime.journal(),
          runtime.newAttributor(), new TelemetryUsage(accepted, new UsageValidator(config.limits(), main.clock())),
          runtime::intakeEvent)) {
        err.println("receiving OTLP/HTTP logs on http://" + listen.substring(0, colon) + ":" + receiver.port() + "/v1/logs ("
            + tokens.size() + " tokens, sources " + accepted + "); publishing to " + config.topics().usageEvents()
            + " on " + config.kafka().bootstrapServers());
        while (!stopping) {
          runtime.writeStatus();
          for (int i = 0; i < 10 && !stopping; i++) {
            Thread.sleep(1000);
          }
        }
      }
      err.println("stopping; " + runtime.journal().spool().depth() + " events wait in the spool");
      return ExitCodes.OK;
    } finally {
      done.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down
      }
    }
  }
}
