package dev.tokenledger.reconciliation.cli;

import dev.tokenledger.reconciliation.config.ReconcileSettings;
import dev.tokenledger.reconciliation.config.ReconcileSettingsParser;
import dev.tokenledger.settings.ConfigException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reconcile}: the providers' own reports against the ledger (docs/reconciliation.md). */
@Command(name = "reconcile", mixinStandardHelpOptions = true,
    description = "Reconciliation of the ledger with the providers' own usage and cost reports.",
    subcommands = {ImportCommand.class, ShowCommand.class})
public final class ReconcileCommand implements Callable<Integer> {

  @Option(names = "--config", description = "with --validate: the reconcile TOML file to check")
  Path config;

  @Option(names = "--validate", description = "parse and check the configuration, print it (admin keys masked), and exit")
  boolean validate;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    if (!validate) {
      throw new IllegalArgumentException("name a command: import or show (try --help)");
    }
    try {
      ReconcileSettings settings = ReconcileSettingsParser.parse(Optional.ofNullable(config), System.getenv());
      spec.commandLine().getOut().println(settings);
      spec.commandLine().getOut().flush();
      return 0;
    } catch (ConfigException e) {
      throw new IllegalArgumentException("configuration: " + e.getMessage(), e);
    }
  }
}
