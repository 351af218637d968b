package dev.tokenledger.reconciliation.cli;

import dev.tokenledger.reconciliation.DayRange;
import dev.tokenledger.reconciliation.config.ReconcileSettings;
import dev.tokenledger.reconciliation.config.ReconcileSettingsParser;
import dev.tokenledger.settings.ConfigException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options every reconcile command has: the configuration file and the UTC days. */
final class CommonOptions {

  @Option(names = "--config", description = "the reconcile TOML file (reference: config/reconcile.reference.toml)")
  Path config;

  @Option(names = "--from", required = true, description = "first UTC day, YYYY-MM-DD")
  String from;

  @Option(names = "--to", required = true, description = "last UTC day (included), YYYY-MM-DD")
  String to;

  ReconcileSettings settings() {
    try {
      return ReconcileSettingsParser.parse(Optional.ofNullable(config), System.getenv());
    } catch (ConfigException e) {
      throw new IllegalArgumentException("configuration: " + e.getMessage(), e);
    }
  }

  DayRange range() {
    return new DayRange(day("--from", from), day("--to", to));
  }

  private static LocalDate day(String option, String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(option + " '" + value + "' is not a date YYYY-MM-DD");
    }
  }
}
