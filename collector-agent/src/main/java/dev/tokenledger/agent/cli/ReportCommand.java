package dev.tokenledger.agent.cli;

import dev.tokenledger.agent.api.ApiUnavailable;
import dev.tokenledger.agent.report.BillingBlock;
import dev.tokenledger.agent.report.BillingBlocks;
import dev.tokenledger.agent.report.BlockTables;
import dev.tokenledger.agent.report.PeriodKind;
import dev.tokenledger.agent.report.Report;
import dev.tokenledger.agent.report.ReportJson;
import dev.tokenledger.agent.report.ReportRange;
import dev.tokenledger.agent.report.SpendPages;
import dev.tokenledger.agent.report.UsageReports;
import dev.tokenledger.agent.report.UsageRow;
import dev.tokenledger.agent.report.UsageTables;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code agent report daily|weekly|monthly|session|blocks|branch}: usage reports like ccusage's, from the
 * organisation's API with your token (so you see what your role may see), over every matching request.
 * Exits 0, 1 when the API cannot answer (the reason on stderr), 2 on a bad option.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Usage reports from the organisation's API with your token: daily, weekly, monthly, session, blocks "
        + "(5-hour billing blocks), branch (the merge-time cost report of a branch).",
    subcommands = {ReportCommand.Daily.class, ReportCommand.Weekly.class, ReportCommand.Monthly.class,
        ReportCommand.Session.class, ReportCommand.Blocks.class, BranchReportCommand.class})
public final class ReportCommand implements Callable<Integer> {

  @ParentCommand
  AgentContext main;

  @Override
  public Integer call() {
    new CommandLine(this).usage(main.out());
    return ExitCodes.USAGE;
  }

  /** Runs {@code body}, mapping a bad option to exit 2 and an API failure to exit 1, both with one line on stderr. */
  static int run(AgentContext main, String name, Callable<String> body) {
    try {
      main.out().print(body.call());
      main.out().flush();
      return ExitCodes.OK;
    } catch (IllegalArgumentException e) {
      main.err().println("report " + name + ": " + e.getMessage());
      return ExitCodes.USAGE;
    } catch (ApiUnavailable e) {
      main.err().println("report " + name + ": " + e.getMessage());
      return e.status() == 400 ? ExitCodes.USAGE : ExitCodes.FAILED;
    } catch (Exception e) {
      main.err().println("report " + name + ": " + e);
      return ExitCodes.FAILED;
    }
  }

  /** Hourly rows of the range grouped by {@code groupBy}, with request times. */
  static List<UsageRow> hourly(AgentContext main, ReportOptions o, ReportRange range, List<String> groupBy) {
    List<Map.Entry<String, String>> params = new ArrayList<>(range.apiParams());
    params.add(Map.entry("granularity", "hour"));
    params.add(Map.entry("times", "true"));
    return new SpendPages(o.client(main)).all(groupBy, params);
  }

  abstract static class PeriodCommand implements Callable<Integer> {
    @ParentCommand
    ReportCommand parent;

    @Mixin
    ReportOptions options;

    @Option(names = {"-b", "--breakdown"}, description = "A row per model under each period.")
    boolean breakdown;

    abstract String name();

    abstract PeriodKind kind();

    abstract UnaryOperator<LocalDate> defaultSince();

    DayOfWeek weekStart() {
      return DayOfWeek.MONDAY;
    }

    @Override
    public Integer call() {
      AgentContext main = parent.main;
      return run(main, name(), () -> {
        boolean descending = options.descending();
        ReportRange range = options.range(main, defaultSince());
        Report report = UsageReports.periods(name(), kind(), weekStart(), range, hourly(main, options, range, List.of("model")),
            descending);
        return options.json ? ReportJson.of(report, breakdown)
            : UsageTables.render(report, breakdown, options.compact, options.width(main));
      });
    }
  }

  @Command(name = "daily", mixinStandardHelpOptions = true, description = "Usage per day (default: the last 30 days).")
  static final class Daily extends PeriodCommand {
    String name() {
      return "daily";
    }

    PeriodKind kind() {
      return PeriodKind.DAY;
    }

    UnaryOperator<LocalDate> defaultSince() {
      return until -> until.minusDays(29);
    }
  }

  @Command(name = "weekly", mixinStandardHelpOptions = true, description = "Usage per week (default: the last 12 weeks).")
  static final class Weekly extends PeriodCommand {
    @Option(names = {"-w", "--start-of-week"}, paramLabel = "DAY", defaultValue = "monday",
        description = "The first day of a week: monday (ISO) or sunday, or any day name (default: ${DEFAULT-VALUE}).")
    String startOfWeek;

    String name() {
      return "weekly";
    }

    PeriodKind kind() {
      return PeriodKind.WEEK;
    }

    @Override
    DayOfWeek weekStart() {
      try {
        return DayOfWeek.valueOf(startOfWeek.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--start-of-week: monday or sunday (or another day name), not '" + startOfWeek + "'");
      }
    }

    UnaryOperator<LocalDate> defaultSince() {
      return until -> until.with(TemporalAdjusters.previousOrSame(weekStart())).minusWeeks(11);
    }
  }

  @Command(name = "monthly", mixinStandardHelpOptions = true, description = "Usage per calendar month (default: the last 12 months).")
  static final class Monthly extends PeriodCommand {
    String name() {
      return "monthly";
    }

    PeriodKind kind() {
      return PeriodKind.MONTH;
    }

    UnaryOperator<LocalDate> defaultSince() {
      return until -> until.withDayOfMonth(1).minusMonths(11);
    }
  }

  @Command(name = "session", mixinStandardHelpOptions = true,
      description = "Usage per session: project, last activity, models (default: sessions active in the last 30 days).")
  static final class Session implements Callable<Integer> {
    @ParentCommand
    ReportCommand parent;

    @Mixin
    ReportOptions options;

    @Option(names = {"-b", "--breakdown"}, description = "A row per model under each session.")
    boolean breakdown;

    @Override
    public Integer call() {
      AgentContext main = parent.main;
      return run(main, "session", () -> {
        boolean descending = options.descending();
        ReportRange range = options.range(main, until -> until.minusDays(29));
        Report report = UsageReports.sessions(range, hourly(main, options, range, List.of("session", "project", "model")),
            descending);
        return options.json ? ReportJson.of(report, breakdown)
            : UsageTables.render(report, breakdown, options.compact, options.width(main));
      });
    }
  }

  @Command(name = "blocks", mixinStandardHelpOptions = true,
      description = "5-hour billing blocks: a block starts at the hour of its first request and lasts 5 hours; the active "
          + "block with its burn rate and projection (default: the last 7 days).")
  static final class Blocks implements Callable<Integer> {
    @ParentCommand
    ReportCommand parent;

    @Mixin
    ReportOptions options;

    @Option(names = {"-a", "--active"}, description = "Only the active block, with its burn rate and projection.")
    boolean active;

    @Option(names = {"-r", "--recent"}, description = "Only the blocks of the last 3 days (and the active one).")
    boolean recent;

    @Override
    public Integer call() {
      AgentContext main = parent.main;
      return run(main, "blocks", () -> {
        boolean descending = options.descending();
        ReportRange range = options.range(main, until -> until.minusDays(recent ? 2 : 6));
        Instant now = main.clock().instant();
        List<UsageRow> rows = hourly(main, options, range, List.of("model")).stream()
            .filter(r -> range.contains(r.hour())).toList();
        List<BillingBlock> blocks = new ArrayList<>(BillingBlocks.of(rows, now));
        if (active) {
          blocks.removeIf(b -> !b.active());
        }
        if (descending) {
          java.util.Collections.reverse(blocks);
        }
        if (options.json) {
          return ReportJson.blocks(blocks, now, range.zone().getId());
        }
        if (blocks.isEmpty()) {
          return active ? "No active block.\n" : "No usage between " + range.since() + " and " + range.until() + ".\n";
        }
        return BlockTables.render(blocks, now, range.zone(), options.compact, options.width(main));
      });
    }
  }
}
