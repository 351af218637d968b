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

  @Option(names = "--from", required = true, description = "first UTC day: YYYY-MM-DD, today, yesterday or today-N")
  String from;

  @Option(names = "--to", required = true, description = "last UTC day (included): YYYY-MM-DD, today, yesterday or today-N")
  String to;

  ReconcileSettings settings() {
    try {
      return ReconcileSettingsParser.parse(Optional.ofNullable(config), System.getenv());
    } catch (ConfigException e) {
      throw new IllegalArgumentException("configuration: " + e.getMessage(), e);
    }
  }

  DayRange range() {
    return range(java.time.Clock.systemUTC());
  }

  DayRange range(java.time.Clock clock) {
    return new DayRange(day("--from", from, clock), day("--to", to, clock));
  }

  /** A UTC day: a date, or (for scheduled jobs) {@code today}, {@code yesterday} or {@code today-N} by {@code clock}. */
  static LocalDate day(String option, String value, java.time.Clock clock) {
    LocalDate today = LocalDate.now(clock.withZone(java.time.ZoneOffset.UTC));
    if (value.equals("today")) {
      return today;
    }
    if (value.equals("yesterday")) {
      return today.minusDays(1);
    }
    if (value.matches("today-[0-9]{1,4}")) {
      return today.minusDays(Integer.parseInt(value.substring("today-".length())));
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(option + " '" + value + "' is not a date YYYY-MM-DD, today, yesterday or today-N");
    }
  }
}
