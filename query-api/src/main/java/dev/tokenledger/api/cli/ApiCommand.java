package dev.tokenledger.api.cli;

import dev.tokenledger.api.config.ApiSettings;
import dev.tokenledger.api.config.ApiSettingsParser;
import dev.tokenledger.settings.ConfigException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A query-role command configured like every role: a TOML file ({@code --config FILE}) and the
 * environment, parsed once into {@link ApiSettings}; {@code --validate} only parses the configuration,
 * prints it and exits. Invalid settings print every error and exit with 2.
 */
abstract class ApiCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "TOML configuration (see config/api.reference.toml).")
  Path config;

  @Option(names = "--validate", description = "Parse and check the configuration, print it, and exit.")
  boolean validate;

  /** Runs the command with valid settings; returns the process exit code. */
  abstract int run(ApiSettings settings) throws Exception;

  @Override
  public final Integer call() throws Exception {
    ApiSettings settings;
    try {
      settings = ApiSettingsParser.parse(Optional.ofNullable(config), System.getenv());
    } catch (ConfigException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println(e.getMessage());
      err.flush();
      return 2;
    }
    if (validate) {
      PrintWriter out = spec.commandLine().getOut();
      out.println("configuration OK: " + settings);
      out.flush();
      return 0;
    }
    return run(settings);
  }
}
