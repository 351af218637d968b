package dev.tokenledger.agent.cli;

import dev.tokenledger.agent.config.AgentConfig;
import dev.tokenledger.agent.source.SourceEnvironment;
import dev.tokenledger.agent.source.UsageSource;
import java.io.PrintStream;
import java.time.Clock;
import java.util.List;

/**
 * What every agent command takes from the top-level command line: the configuration (parsed once,
 * with the global {@code --config} / {@code --state-dir} options applied), the sources, the
 * environment, the clock and the output streams. The top-level command implements it, so the commands
 * depend on this interface and not on the entry point.
 */
public interface AgentContext {

  /** The configuration, parsed once. */
  AgentConfig config();

  List<UsageSource> sources();

  SourceEnvironment environment();

  Clock clock();

  PrintStream out();

  PrintStream err();
}
