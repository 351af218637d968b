package dev.tokenledger.api.cli;

import dev.tokenledger.api.budget.BudgetStatus;
import dev.tokenledger.api.config.ApiSettings;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** What the budget commands share: the store caught up with the topic, and the table they print. */
final class BudgetAdmin {

  static final Duration READY_WAIT = Duration.ofSeconds(30);

  private BudgetAdmin() {}

  /** The budget store and service, once the store has read the whole topic; fails after {@link #READY_WAIT}. */
  static BudgetWiring open(ApiSettings settings) throws InterruptedException {
    BudgetWiring w = BudgetWiring.start(settings, Warehouse.from(settings), Clock.systemUTC());
    if (!w.store().awaitReady(READY_WAIT)) {
      w.close();
      throw new IllegalStateException("budget store unavailable: could not read " + settings.kafka().budgetsTopic() + " from "
          + settings.kafka().bootstrapServers() + " within " + READY_WAIT.toSeconds() + " s");
    }
    return w;
  }

  static void print(PrintWriter out, List<BudgetStatus> rows) {
    String format = "%-24s  %-11s  %-24s  %-6s  %-14s  %16s  %16s  %8s  %16s  %-8s  %-10s  %-7s  %s%n";
    out.printf(format, "id", "scope", "value", "period", "time zone", "limit usd", "spend usd", "percent", "projected usd", "status",
        "thresholds", "enabled", "notify");
    for (BudgetStatus s : rows) {
      var b = s.budget();
      out.printf(format, b.id(), b.scope().wireName(), b.value(), b.period().wireName(), s.window().zone().getId(),
          b.limitUsd().toPlainString(), s.spendUsd().toPlainString(), s.percent().toPlainString(), s.projectedUsd().toPlainString(),
          s.level().wireName(), b.thresholds().stream().map(String::valueOf).collect(Collectors.joining(",")), b.enabled(),
          String.join(",", b.channels()));
    }
    out.flush();
  }
}
