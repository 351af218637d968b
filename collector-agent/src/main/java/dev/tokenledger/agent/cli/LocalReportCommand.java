package dev.tokenledger.agent.cli;

import dev.tokenledger.agent.config.ConfigException;
import dev.tokenledger.agent.local.LocalPeriod;
import dev.tokenledger.agent.local.LocalReport;
import dev.tokenledger.agent.local.LocalReportJson;
import dev.tokenledger.agent.local.LocalReportTable;
import dev.tokenledger.agent.local.OfflinePrices;
import dev.tokenledger.agent.report.ReportRange;
import dev.tokenledger.agent.validation.UsageValidator;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code agent daily|monthly|session}: ccusage's reports from this machine's logs alone — no Kafka, no API,
 * no stack — read as {@code backfill --dry-run} reads them and priced with the stream processor's pricing
 * (the bundled LiteLLM list, or {@code --prices FILE}). Exits 0, 2 on a bad option (one line on stderr), 1
 * when the logs cannot be read.
 */
public abstract class LocalReportCommand implements Callable<Integer> {

  @ParentCommand
  AgentContext main;

  @Option(names = "--offline", defaultValue = "true", fallbackValue = "true",
      description = "Price with the price list bundled with the agent (the default; no network is used either way).")
  boolean offline;

  @Option(names = "--prices", paramLabel = "FILE",
      description = "Price with this LiteLLM-format model_prices_and_context_window.json instead of the bundled list.")
  Path prices;

  @Option(names = {"-s", "--since"}, paramLabel = "DAY", description = "First local day, YYYYMMDD or YYYY-MM-DD (default: all history).")
  String since;

  @Option(names = {"-u", "--until"}, paramLabel = "DAY", description = "Last local day, included (default: no end).")
  String until;

  @Option(names = {"-z", "--timezone"}, paramLabel = "ZONE", description = "IANA time zone of the days (default: this machine's).")
  String timezone;

  @Option(names = {"-j", "--json"}, description = "Print a JSON document (ccusage's field names) instead of the table.")
  boolean json;

  @Option(names = {"-b", "--breakdown"}, description = "A table row per model under each row (the JSON always has modelBreakdowns).")
  boolean breakdown;

  @Option(names = {"-o", "--order"}, paramLabel = "asc|desc", defaultValue = "asc", description = "Row order (default: ${DEFAULT-VALUE}).")
  String order;

  @Option(names = "--compact", description = "The narrow table (no cache columns).")
  boolean compact;

  @Option(names = "--width", paramLabel = "COLUMNS", description = "Terminal width (default: $COLUMNS, else 120).")
  Integer width;

  @Option(names = "--threads", paramLabel = "N", description = "Files parsed at once (default: the processors of this machine).")
  Integer threads;

  abstract LocalPeriod period();

  /**
   * Work a report will need whatever its options, started before the command line is parsed (ADR 0146): the
   * bundled price list, unless the words name {@code --prices}.
   */
  public static void startEarly(String[] words) {
    for (String w : words) {
      if (w.equals("--prices") || w.startsWith("--prices=")) {
        return;
      }
    }
    OfflinePrices.loadBundledEarly();
  }

  @Override
  public Integer call() {
    String name = period() == LocalPeriod.SESSION ? "session" : period() == LocalPeriod.MONTH ? "monthly" : "daily";
    // the bundled list loads (mostly one-off class initialisation) while the options, the config and the logs are read
    OfflinePrices.Loaded bundled = prices == null ? OfflinePrices.bundledInBackground() : null;
    LocalReport.Request request;
    OfflinePrices.Loaded loaded;
    boolean descending;
    int parallel;
    UsageValidator validator;
    try {
      ZoneId zone = timezone == null || timezone.isBlank() ? ZoneId.systemDefault() : ReportRange.zone(timezone);
      LocalDate first = since == null ? null : ReportRange.day("--since", since);
      LocalDate last = until == null ? null : ReportRange.day("--until", until);
      request = new LocalReport.Request(period(), zone, first, last);
      descending = switch (order.trim().toLowerCase(Locale.ROOT)) {
        case "asc" -> false;
        case "desc" -> true;
        default -> throw new IllegalArgumentException("--order: asc or desc, not '" + order + "'");
      };
      if (threads != null && threads < 1) {
        throw new IllegalArgumentException("--threads: at least 1, not " + threads);
      }
      if (width != null && width < 20) {
        throw new IllegalArgumentException("--width: at least 20 columns, not " + width);
      }
      parallel = threads != null ? threads : Math.max(1, Runtime.getRuntime().availableProcessors());
      loaded = bundled != null ? bundled : OfflinePrices.fromFile(prices);
      validator = new UsageValidator(main.config().limits(), main.clock());
    } catch (IllegalArgumentException | ConfigException e) {
      main.err().println(name + ": " + e.getMessage());
      return ExitCodes.USAGE;
    }
    LocalReport report;
    try {
      report = LocalReport.build(request, loaded, main.sources(), main.environment(), validator, parallel);
    } catch (Exception e) {
      main.err().println(name + ": cannot read the logs: " + e);
      return ExitCodes.FAILED;
    }
    main.out().print(json ? LocalReportJson.of(report, descending)
        : LocalReportTable.render(report, breakdown, compact, terminalWidth(), descending));
    main.out().flush();
    LocalReport.Notes.of(report).forEach(main.err()::println);
    return ExitCodes.OK;
  }

  private int terminalWidth() {
    if (width != null) {
      return width;
    }
    String columns = main.environment().variables().get("COLUMNS");
    try {
      return columns == null || columns.isBlank() ? 120 : Integer.parseInt(columns.trim());
    } catch (NumberFormatException e) {
      return 120;
    }
  }

  @Command(name = "daily", mixinStandardHelpOptions = true,
      description = "Usage and cost per local day from this machine's logs, offline (no Kafka, API or stack).")
  public static final class Daily extends LocalReportCommand {
    @Override
    LocalPeriod period() {
      return LocalPeriod.DAY;
    }
  }

  @Command(name = "monthly", mixinStandardHelpOptions = true,
      description = "Usage and cost per month from this machine's logs, offline (no Kafka, API or stack).")
  public static final class Monthly extends LocalReportCommand {
    @Override
    LocalPeriod period() {
      return LocalPeriod.MONTH;
    }
  }

  @Command(name = "session", mixinStandardHelpOptions = true,
      description = "Usage and cost per assistant session from this machine's logs, offline (no Kafka, API or stack).")
  public static final class Session extends LocalReportCommand {
    @Override
    LocalPeriod period() {
      return LocalPeriod.SESSION;
    }
  }
}
