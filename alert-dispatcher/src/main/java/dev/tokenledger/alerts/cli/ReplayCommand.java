package dev.tokenledger.alerts.cli;

import dev.tokenledger.alerts.app.ReplayApp;
import dev.tokenledger.alerts.config.AlertsSettings;
import dev.tokenledger.alerts.config.AlertsSettingsParser;
import dev.tokenledger.alerts.delivery.DeadLetterReplay;
import dev.tokenledger.alerts.delivery.ReplaySelection;
import dev.tokenledger.settings.ConfigException;
import dev.tokenledger.settings.Durations;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tokenledger alerts replay}: delivers dead-lettered alerts again once their cause is fixed. Exit
 * status 0 when every selected alert is delivered (or nothing was selected), 1 when some failed again or
 * cannot be replayed, 2 for a bad configuration or option, 3 when the cluster could not be read or written
 * within {@code --timeout} (nothing was replayed that is not in the ledger).
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Deliver dead-lettered alerts again (each pair at most once: the delivery ledger is checked and written).")
public final class ReplayCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "The dispatcher's TOML configuration (its channels and topics).")
  Path config;

  @Option(names = "--channel", paramLabel = "NAME", description = "Only the dead letters of this channel.")
  String channel;

  @Option(names = "--breach", paramLabel = "ID", description = "Only the dead letters of this breach id.")
  String breach;

  @Option(names = "--since", paramLabel = "WHEN", description = "Only dead letters written since: an age such as 24h or 7d, or an instant such as 2026-12-07T09:00:00Z.")
  String since;

  @Option(names = "--dry-run", description = "List what would be replayed; deliver nothing.")
  boolean dryRun;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s",
      description = "How long to wait for Kafka to answer each read before giving up (default: ${DEFAULT-VALUE}).")
  String timeout;

  /** The environment the settings read (overrides of the file); tests give their own. */
  Map<String, String> environment = System.getenv();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    AlertsSettings settings;
    Optional<Instant> from;
    Duration wait;
    try {
      wait = parseTimeout(timeout);
      settings = AlertsSettingsParser.parse(Optional.ofNullable(config), environment);
      from = since == null ? Optional.empty() : Optional.of(parseSince(since, Instant.now()));
    } catch (ConfigException | IllegalArgumentException e) {
      err.println("alerts replay: " + e.getMessage());
      err.flush();
      return 2;
    }
    List<DeadLetterReplay.Result> results;
    try {
      results = ReplayApp.run(settings,
          new ReplaySelection(Optional.ofNullable(channel), Optional.ofNullable(breach), from), dryRun, wait);
    } catch (DeadLetterReplay.StoreUnavailable e) {
      err.println("alerts replay: " + e.getMessage());
      err.flush();
      return 3;
    }
    int failed = 0;
    for (DeadLetterReplay.Result r : results) {
      out.printf("%-17s %-20s %s  %s%n", r.status(), r.letter().channel().orElse("-"), r.letter().breachId(), r.detail());
      if (r.status() != DeadLetterReplay.Status.DELIVERED && r.status() != DeadLetterReplay.Status.ALREADY_DELIVERED
          && r.status() != DeadLetterReplay.Status.WOULD_REPLAY) {
        failed++;
      }
    }
    out.printf("%d dead letter(s) selected, %d %s, %d not delivered%n", results.size(),
        results.stream().filter(r -> r.status() == (dryRun ? DeadLetterReplay.Status.WOULD_REPLAY : DeadLetterReplay.Status.DELIVERED)).count(),
        dryRun ? "would be replayed" : "delivered now", failed);
    out.flush();
    return failed == 0 ? 0 : 1;
  }

  static Duration parseTimeout(String text) {
    Duration d;
    try {
      d = Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--timeout: expected a duration such as 30s or 2m, got '" + text + "'");
    }
    if (d.isZero() || d.isNegative() || d.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("--timeout: must be more than 0 and at most 1h, got '" + text + "'");
    }
    return d;
  }

  /** An age ({@code 24h}: since 24 hours before {@code now}) or an ISO-8601 instant. */
  static Instant parseSince(String text, Instant now) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      try {
        return now.minus(Durations.parse(text));
      } catch (IllegalArgumentException e2) {
        throw new IllegalArgumentException("--since: expected an age such as 24h or an instant such as 2026-12-07T09:00:00Z, got '"
            + text + "'");
      }
    }
  }
}
