package dev.tokenledger.processor.cli;

import dev.tokenledger.settings.ConfigException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A runnable role configured by a TOML file (and the environment), parsed once into typed settings
 * {@code S}: {@code --config FILE} names the file, {@code --validate} only parses and prints it.
 * Subcommands read the same settings through {@link #settings}.
 */
abstract class RoleCommand<S> implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "TOML configuration (see config/${COMMAND-NAME}.reference.toml).")
  Path config;

  @Option(names = "--validate", description = "Parse and check the configuration, print it, and exit.")
  boolean validate;

  /** Parses the role's settings from the file (if any) and the environment. */
  abstract S parse(Optional<Path> file, Map<String, String> env) throws ConfigException;

  /** Runs the role with valid settings; returns the process exit code. */
  abstract int run(S settings) throws Exception;

  /** The parsed settings; prints every error and returns empty when they are invalid. */
  Optional<S> settings(PrintWriter err) {
    try {
      return Optional.of(parse(Optional.ofNullable(config), System.getenv()));
    } catch (ConfigException e) {
      err.println(e.getMessage());
      err.flush();
      return Optional.empty();
    }
  }

  @Override
  public final Integer call() throws Exception {
    Optional<S> settings = settings(spec.commandLine().getErr());
    if (settings.isEmpty()) {
      return 2;
    }
    if (validate) {
      PrintWriter out = spec.commandLine().getOut();
      out.println("configuration OK: " + settings.get());
      out.flush();
      return 0;
    }
    return run(settings.get());
  }
}
