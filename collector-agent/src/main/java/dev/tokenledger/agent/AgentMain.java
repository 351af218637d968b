package dev.tokenledger.agent;

import dev.tokenledger.agent.cli.AgentContext;
import dev.tokenledger.agent.cli.ExitCodes;
import dev.tokenledger.agent.cli.LocalReportCommand;
import dev.tokenledger.agent.cli.ReportWords;
import dev.tokenledger.agent.config.AgentConfig;
import dev.tokenledger.agent.config.AgentConfigLoader;
import dev.tokenledger.agent.config.ConfigException;
import dev.tokenledger.agent.spool.SpoolCorruptException;
import dev.tokenledger.agent.event.AgentVersion;
import dev.tokenledger.agent.source.SourceEnvironment;
import dev.tokenledger.agent.Sources;
import dev.tokenledger.agent.source.UsageSource;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The collector agent's command line: {@code backfill}, {@code run}, {@code status}, {@code log}, {@code doctor},
 * {@code budget}, {@code inventory}, and the offline reports {@code daily}, {@code monthly}, {@code session}.
 *
 * <p>The subcommands are added by {@link CommandTree} (ADR 0146): when the first word after the root options names
 * one, only that one is built; otherwise (help, version, an unknown word, no word) all of them.
 */
@Command(
    name = "tokenledger-agent",
    mixinStandardHelpOptions = true,
    versionProvider = AgentMain.Version.class,
    description = "Reads AI-assistant usage logs on this machine and publishes exact, de-duplicated usage events.")
public final class AgentMain implements Callable<Integer>, AgentContext {

  @Option(names = "--config", paramLabel = "FILE", description = "TOML configuration (see config/agent.reference.toml; default: "
      + "$TOKENLEDGER_AGENT_CONFIG, else ~/.config/tokenledger/agent.toml if present). A .properties file is read in the "
      + "deprecated former format.")
  Path configFile;

  @Option(names = "--validate", description = "Parse and check the configuration, print it (secrets masked), and exit: "
      + "0 valid, 2 every problem listed.")
  boolean validate;

  @Option(names = "--state-dir", description = "State directory (overrides config and TOKENLEDGER_AGENT_STATE_DIR).")
  Path stateDir;

  private final Supplier<List<UsageSource>> sources;
  private final SourceEnvironment environment;
  private final Clock clock;
  private final PrintStream out;
  private final PrintStream err;

  public AgentMain(Supplier<List<UsageSource>> sources, SourceEnvironment environment, Clock clock, PrintStream out,
      PrintStream err) {
    this.sources = sources;
    this.environment = environment;
    this.clock = clock;
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(execute(args, Sources::all, SourceEnvironment.current(), System.out, System.err));
  }

  /** Runs the command line with injected sources and environment (tests, benchmarks). */
  public static int execute(String[] args, Supplier<List<UsageSource>> sources, SourceEnvironment environment,
      PrintStream out, PrintStream err) {
    return execute(args, sources, environment, out, err, true);
  }

  /** As {@link #execute(String[], Supplier, SourceEnvironment, PrintStream, PrintStream)}; {@code lazy} false builds
   *  every subcommand whatever the words (tests compare the two). */
  static int execute(String[] args, Supplier<List<UsageSource>> sources, SourceEnvironment environment,
      PrintStream out, PrintStream err, boolean lazy) {
    AgentMain main = new AgentMain(sources, environment, Clock.systemUTC(), out, err);
    LocalReportCommand report = lazy ? ReportWords.read(args, main) : null;
    if (report != null) {
      return main.runReport(report, args); // a plain offline report: without picocli (ADR 0231)
    }
    CommandLine cl = lazy ? CommandTree.forWords(main, args) : CommandTree.full(main);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    // --validate only validates, also when a command follows it (`--validate run` does not run).
    cl.setExecutionStrategy(parseResult -> main.validate
        ? new CommandLine.RunFirst().execute(parseResult) : new CommandLine.RunLast().execute(parseResult));
    cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> main.failed(ex));
    return cl.execute(args);
  }

  /** A report command whose words {@link ReportWords} read: run as picocli runs it (its parent, its exit code, its failures). */
  private int runReport(LocalReportCommand report, String[] args) {
    LocalReportCommand.startEarly(args);
    try {
      return report.call();
    } catch (Exception e) {
      return failed(e);
    }
  }

  /** The exit code and the line on stderr of a command that threw. */
  private int failed(Exception ex) {
    if (ex instanceof ConfigException c) {
      err.println(c.getMessage());
      return ExitCodes.USAGE;
    }
    if (ex instanceof SpoolCorruptException c) {
      err.println("tokenledger-agent: " + c.getMessage());
      return ExitCodes.FAILED;
    }
    err.println("tokenledger-agent: " + ex);
    return ExitCodes.FAILED;
  }

  @Override
  public Integer call() {
    if (!validate) {
      CommandTree.full(this).usage(out);
      return ExitCodes.OK;
    }
    AgentConfigLoader loader = new AgentConfigLoader(environment.variables(), environment.home());
    AgentConfig c = loader.load(configFile); // a ConfigException prints every problem, exit 2
    out.println("configuration OK (" + c.source() + "):");
    out.print(loader.effectiveToml(stateDir == null ? c : c.withStateDir(stateDir)));
    return ExitCodes.OK;
  }

  @Override
  public AgentConfig config() {
    AgentConfig c = new AgentConfigLoader(environment.variables(), environment.home()).load(configFile);
    return stateDir == null ? c : c.withStateDir(stateDir);
  }

  @Override
  public List<UsageSource> sources() {
    return sources.get();
  }

  @Override
  public SourceEnvironment environment() {
    return environment;
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public PrintStream out() {
    return out;
  }

  @Override
  public PrintStream err() {
    return err;
  }

  /** Version from the jar manifest. */
  public static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"tokenledger-agent " + AgentVersion.current()};
    }
  }
}
