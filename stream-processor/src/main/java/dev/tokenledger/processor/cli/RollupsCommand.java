package dev.tokenledger.processor.cli;

import dev.tokenledger.processor.sink.RollupAudit;
import dev.tokenledger.processor.sink.RollupAudit.Difference;
import dev.tokenledger.processor.sink.SinkSettings;
import dev.tokenledger.warehouse.clickhouse.ClickHouseHttpClient;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code tokenledger sink rollups check|rebuild}: compares the daily rollups with the deduplicated
 * events, and rebuilds a month of rollups from the events (docs/warehouse.md, "Checking and repairing
 * the rollups").
 */
@Command(name = "rollups", mixinStandardHelpOptions = true,
    description = "Check the daily rollups against the deduplicated events, or rebuild a month of them.",
    subcommands = {RollupsCommand.Check.class, RollupsCommand.Rebuild.class})
final class RollupsCommand {

  @ParentCommand
  SinkCommand sink;

  /** A subcommand run with the sink's settings: 2 when they cannot be read. */
  abstract static class Action implements Callable<Integer> {

    @ParentCommand
    RollupsCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Optional<SinkSettings> settings = parent.sink.settings(err);
      try {
        return settings.isEmpty() ? 2 : run(settings.get(), out, err);
      } finally {
        out.flush();
        err.flush();
      }
    }

    abstract int run(SinkSettings settings, PrintWriter out, PrintWriter err);
  }

  /** {@code sink rollups check}: exit 0 when the rollups are exact, 1 when some differ (listed), 2 on bad input. */
  @Command(name = "check", mixinStandardHelpOptions = true,
      description = "List the (org, dimension, value, day) rollups that differ from their events; exit 1 if any.")
  static final class Check extends Action {

    @Option(names = "--from", required = true, paramLabel = "DAY", description = "First day checked (YYYY-MM-DD).")
    LocalDate from;

    @Option(names = "--to", required = true, paramLabel = "DAY", description = "First day not checked (YYYY-MM-DD).")
    LocalDate to;

    @Override
    int run(SinkSettings settings, PrintWriter out, PrintWriter err) {
      try {
        List<Difference> found = new RollupAudit(new ClickHouseHttpClient(settings.clickhouse())).differences(from, to);
        if (found.isEmpty()) {
          out.println("rollups: " + from + " to " + to + " (exclusive) agree with the events");
          return 0;
        }
        out.println("rollups: " + found.size() + " differ from the events (while a sink is writing, run the check again to"
            + " confirm; rebuild their months with `sink rollups rebuild`):");
        out.println("day\torg\tdimension\tvalue\trollup_requests\tevent_requests\trollup_cost_usd\tevent_cost_usd\tother_differences");
        for (Difference d : found) {
          out.println(d.day() + "\t" + d.orgId() + "\t" + d.dimension() + "\t" + d.value() + "\t" + d.rollupRequests() + "\t"
              + d.eventRequests() + "\t" + d.rollupCostUsd().toPlainString() + "\t" + d.eventCostUsd().toPlainString() + "\t"
              + (d.otherMeasures().isEmpty() ? "-" : String.join(", ", d.otherMeasures())));
        }
        return 1;
      } catch (IllegalArgumentException e) {
        err.println(e.getMessage());
        return 2;
      }
    }
  }

  /**
   * {@code sink rollups rebuild --month YYYY-MM}: refuses unless the sink's consumer group is empty (or
   * unknown), and reports failure when the month's events changed during the rebuild.
   */
  @Command(name = "rebuild", mixinStandardHelpOptions = true,
      description = "Recompute one month of daily rollups from the deduplicated events and swap it in. Stop the sink first.")
  static final class Rebuild extends Action {

    @Option(names = "--month", required = true, paramLabel = "YYYY-MM", description = "The month (organisation calendar).")
    YearMonth month;

    @Option(names = "--force", description = "Rebuild even though sink instances are connected (their inserts meanwhile may "
        + "be counted twice or not at all).")
    boolean force;

    @Override
    int run(SinkSettings s, PrintWriter out, PrintWriter err) {
      String groupId = s.kafka().groupId();
      if (!force) {
        String state;
        try {
          state = groupState(s.kafka());
        } catch (RuntimeException e) {
          err.println("cannot tell whether the sink is running (" + e.getMessage() + "); stop it and retry, or use --force");
          return 1;
        }
        out.println("sink consumer group '" + groupId + "': " + state);
        if (!state.equals(EMPTY) && !state.equals(UNKNOWN_GROUP)) {
          err.println("the sink's consumer group '" + groupId + "' is " + state
              + ": stop every sink instance before rebuilding (or use --force)");
          return 1;
        }
      }
      RollupAudit.Rebuild r = new RollupAudit(new ClickHouseHttpClient(s.clickhouse())).rebuildMonth(month);
      if (r.eventsChangedMeanwhile()) {
        err.println("rollups: rebuilt " + month + ", but usage_events of that month changed meanwhile (" + r.eventRowsBefore()
            + " -> " + r.eventRowsAfter() + " rows): a sink is still writing; stop it and rebuild again");
        return 1;
      }
      out.println("rollups: rebuilt " + month + " in database " + s.clickhouse().database() + " from the deduplicated events ("
          + r.eventRowsAfter() + " event rows)");
      return 0;
    }

    private static final String EMPTY = "EMPTY (no members)";
    private static final String UNKNOWN_GROUP = "not known to the cluster (never joined)";

    /** The group's state as printed; {@link #EMPTY} or {@link #UNKNOWN_GROUP} when no sink is connected. */
    private static String groupState(SinkSettings.KafkaSettings kafka) {
      try (Admin admin = Admin.create(kafka.connection().properties())) {
        ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(kafka.groupId())).all().get(20, TimeUnit.SECONDS)
            .get(kafka.groupId());
        if (group == null || group.groupState() == GroupState.DEAD) {
          return UNKNOWN_GROUP;
        }
        if (group.members().isEmpty() && group.groupState() == GroupState.EMPTY) {
          return EMPTY;
        }
        return group.groupState() + " (" + group.members().size() + " member(s))";
      } catch (ExecutionException e) {
        if (e.getCause() instanceof GroupIdNotFoundException) {
          return UNKNOWN_GROUP;
        }
        throw new IllegalStateException(e.getMessage(), e);
      } catch (TimeoutException e) {
        throw new IllegalStateException(e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }
}
