package dev.tokenledger.processor.cli;

import dev.tokenledger.processor.sink.SinkSettings;
import dev.tokenledger.processor.warehouse.ClickHouseHttpClient;
import dev.tokenledger.processor.warehouse.RollupAudit;
import dev.tokenledger.processor.warehouse.RollupAudit.Difference;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
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
        out.println("rollups: " + found.size() + " differ from the events (rebuild their months with `sink rollups rebuild`):");
        out.println("day\torg\tdimension\tvalue\trollup_requests\tevent_requests\trollup_cost_usd\tevent_cost_usd");
        for (Difference d : found) {
          out.println(d.day() + "\t" + d.orgId() + "\t" + d.dimension() + "\t" + d.value() + "\t" + d.rollupRequests() + "\t"
              + d.eventRequests() + "\t" + d.rollupCostUsd().toPlainString() + "\t" + d.eventCostUsd().toPlainString());
        }
        return 1;
      } catch (IllegalArgumentException e) {
        err.println(e.getMessage());
        return 2;
      }
    }
  }

  /** {@code sink rollups rebuild --month YYYY-MM}: refuses while the sink's consumer group has members, unless forced. */
  @Command(name = "rebuild", mixinStandardHelpOptions = true,
      description = "Drop one month of daily rollups and refill it from the deduplicated events. Stop the sink first.")
  static final class Rebuild extends Action {

    @Option(names = "--month", required = true, paramLabel = "YYYY-MM", description = "The month (organisation calendar).")
    YearMonth month;

    @Option(names = "--force", description = "Rebuild even though sink instances are connected (their inserts meanwhile may "
        + "be counted twice or not at all).")
    boolean force;

    @Override
    int run(SinkSettings s, PrintWriter out, PrintWriter err) {
      if (!force) {
        int members;
        try {
          members = activeMembers(s.kafka());
        } catch (RuntimeException e) {
          err.println("cannot tell whether the sink is running (" + e.getMessage() + "); stop it and retry, or use --force");
          return 1;
        }
        if (members > 0) {
          err.println("the sink's consumer group '" + s.kafka().groupId() + "' has " + members
              + " active member(s): stop the sink before rebuilding (or use --force)");
          return 1;
        }
      }
      new RollupAudit(new ClickHouseHttpClient(s.clickhouse())).rebuildMonth(month);
      out.println("rollups: rebuilt " + month + " in database " + s.clickhouse().database() + " from the deduplicated events");
      return 0;
    }

    private static int activeMembers(SinkSettings.KafkaSettings kafka) {
      try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
        ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(kafka.groupId())).all().get(20, TimeUnit.SECONDS)
            .get(kafka.groupId());
        return group == null ? 0 : group.members().size();
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException(e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }
}
