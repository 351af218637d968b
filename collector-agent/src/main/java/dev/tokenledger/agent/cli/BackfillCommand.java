package dev.tokenledger.agent.cli;

import dev.tokenledger.agent.attribution.Attributor;
import dev.tokenledger.agent.attribution.MachineIdentity;
import dev.tokenledger.agent.checkpoint.CheckpointStore;
import dev.tokenledger.agent.config.AgentConfig;
import dev.tokenledger.agent.orgmap.OrgMappingService;
import dev.tokenledger.agent.runtime.AgentRuntime;
import dev.tokenledger.agent.runtime.JsonLinesSink;
import dev.tokenledger.agent.runtime.Quarantine;
import dev.tokenledger.agent.runtime.ScanSummary;
import dev.tokenledger.agent.runtime.Scanner;
import dev.tokenledger.agent.source.ParallelReads;
import dev.tokenledger.agent.validation.UsageValidator;
import java.io.BufferedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Reads all history once, publishes it, and reports what it found. */
@Command(name = "backfill", mixinStandardHelpOptions = true,
    description = {"Read every log from its checkpoint (all history on first use), publish the events, print a summary.",
        "With --dry-run nothing is stored or published: each event is printed as one JSON object per line on stdout"
            + " (Avro field names) and the summary goes to stderr."})
public final class BackfillCommand implements Callable<Integer> {

  @ParentCommand
  AgentContext main;

  @Option(names = "--dry-run", description = "Publish nothing, store nothing; print events as JSON lines on stdout.")
  boolean dryRun;

  @Option(names = "--no-progress", description = "No progress bar (it is shown only when stderr is a terminal anyway).")
  boolean noProgress;

  @Option(names = "--drain-timeout", defaultValue = "PT2M",
      description = "How long to wait for Kafka to take the spooled events after reading (ISO-8601, default ${DEFAULT-VALUE}).")
  Duration drainTimeout;

  /** While backfill waits for Kafka, says why (a missing topic, an unreachable broker) once per reason. */
  private static final class WaitReporter implements Runnable {
    private final AgentRuntime runtime;
    private final PrintStream err;
    private final Duration timeout;
    private String reported;

    WaitReporter(AgentRuntime runtime, PrintStream err, Duration timeout) {
      this.runtime = runtime;
      this.err = err;
      this.timeout = timeout;
    }

    @Override
    public void run() {
      String error = runtime.publisher().map(p -> p.lastError()).orElse(null);
      if (error != null && !error.equals(reported) && runtime.journal().spool().depth() > 0) {
        err.printf("waiting up to %s for %,d spooled events to be published: %s%n", timeout,
            runtime.journal().spool().depth(), error);
        reported = error;
      }
    }
  }

  @Override
  public Integer call() throws Exception {
    AgentConfig config = main.config();
    PrintStream err = main.err();
    ProgressBar bar = new ProgressBar(err, !noProgress && System.console() != null);
    long start = System.nanoTime();
    if (dryRun) {
      Quarantine quarantine = Quarantine.countingOnly(main.clock());
      MachineIdentity identity = MachineIdentity.resolve(config, main.environment().variables());
      // the organisation mapping as cached, read from its location when due; a dry run stores nothing
      OrgMappingService mapping = OrgMappingService.open(config.orgMapping(), config.stateDir(), false,
          main.environment().variables(), main.clock());
      mapping.refreshIfDue();
      // files are read in parallel, the JSON lines come out in file order: the same on every run and
      // as with one thread (ADR 0143); stdout is buffered (System.out flushes at every line)
      PrintStream out = new PrintStream(new BufferedOutputStream(main.out(), 1 << 16), false, StandardCharsets.UTF_8);
      JsonLinesSink lines = new JsonLinesSink(out);
      Scanner scanner = new Scanner(main.sources(), main.environment(), CheckpointStore.inMemory(), false,
          () -> Attributor.forConfig(config, identity, main.clock()).assignFrom(mapping),
          ParallelReads.defaultThreads(), lines, new UsageValidator(config.limits(), main.clock()), quarantine,
          Duration.ofDays(1), Long.MAX_VALUE, main.clock()).inFileOrder();
      scanner.scanOnce(bar);
      bar.finish();
      out.flush();
      main.out().flush();
      ScanSummary s = scanner.summary();
      Summaries.scan(err, "backfill --dry-run", s, (System.nanoTime() - start) / 1e9);
      err.println(lines.tokenTotals());
      err.println("problems: " + Summaries.problems(s.problems()));
      String held = Summaries.heldBack(s.heldBack(), true);
      if (held != null) {
        err.println(held);
      }
      err.println("published: nothing (dry run)");
      return ExitCodes.OK;
    }
    Optional<AgentRuntime> opened = AgentRuntime.open(config, main.sources(), main.environment(), main.clock(), "backfill");
    if (opened.isEmpty()) {
      err.println("another agent process is using " + config.stateDir() + " (stop `run` first, or use --state-dir)");
      return ExitCodes.LOCKED;
    }
    try (AgentRuntime runtime = opened.get()) {
      runtime.startPublisher();
      Scanner scanner = runtime.scanner();
      while (!scanner.scanOnce(bar)) {
        err.println();
        err.println("spool full, waiting for Kafka to take events: " + scanner.summary().spoolFullMessage());
        if (!runtime.awaitDrained(drainTimeout, () -> { })) {
          break;
        }
      }
      bar.finish();
      runtime.finishBackfillEfficiencyInputs();
      ScanSummary s = scanner.summary();
      Summaries.scan(err, "backfill", s, (System.nanoTime() - start) / 1e9);
      err.println("problems: " + Summaries.problems(s.problems())
          + (s.problemCount() > 0 ? " (details: " + config.stateDir().resolve("quarantine/problems.jsonl") + ")" : ""));
      String held = Summaries.heldBack(s.heldBack(), false);
      if (held != null) {
        err.println(held);
      }
      boolean drained = runtime.awaitDrained(drainTimeout, new WaitReporter(runtime, err, drainTimeout));
      long published = runtime.publisher().map(p -> p.published()).orElse(0L);
      long depth = runtime.journal().spool().depth();
      runtime.writeStatus();
      err.printf("published: %,d events to %s in %.1f s; spool %s%n", published, config.topics().usageEvents(),
          (System.nanoTime() - start) / 1e9, depth == 0 ? "empty" : depth + " events still waiting");
      String stopped = runtime.publisher().map(p -> p.stoppedReason()).orElse(null);
      if (stopped != null) {
        err.println("publishing stopped: " + stopped + ". The events stay in the spool.");
        return ExitCodes.PENDING;
      }
      if (!drained) {
        err.println("Kafka or the registry did not take every event within " + drainTimeout + " ("
            + runtime.publisher().map(p -> p.lastError()).orElse("unknown") + "); they stay in the spool and are"
            + " published by the next `run` or `backfill`.");
        return ExitCodes.PENDING;
      }
      return ExitCodes.OK;
    }
  }
}
