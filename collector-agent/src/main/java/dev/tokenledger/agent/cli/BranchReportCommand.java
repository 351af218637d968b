package dev.tokenledger.agent.cli;

import dev.tokenledger.agent.report.BranchReport;
import dev.tokenledger.agent.report.ReportRange;
import dev.tokenledger.agent.report.SpendPages;
import dev.tokenledger.agent.report.Usage;
import dev.tokenledger.agent.report.UsageRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code agent report branch --branch NAME}: the merge-time cost report of a branch — what its sessions
 * cost, by model and by user — as a Markdown pull-request comment (default), plain text or JSON. Days
 * are the organisation's calendar days (the API's); the total is the API's total of the branch.
 */
@Command(name = "branch", mixinStandardHelpOptions = true,
    description = "The cost of a branch's sessions by model and user, for a pull-request comment on merge "
        + "(default: sessions of the last 90 days; --format markdown|text|json).")
final class BranchReportCommand implements Callable<Integer> {

  @ParentCommand
  ReportCommand parent;

  @Mixin
  ReportOptions options;

  @Option(names = "--branch", required = true, paramLabel = "NAME", description = "The branch, as the agent recorded it (e.g. feature/login).")
  String branch;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "markdown", description = "markdown, text or json (default: ${DEFAULT-VALUE}; --json = json).")
  String format;

  @Override
  public Integer call() {
    AgentContext main = parent.main;
    return ReportCommand.run(main, "branch", () -> {
      String f = options.json ? "json" : format.trim().toLowerCase(Locale.ROOT);
      if (!List.of("markdown", "text", "json").contains(f)) {
        throw new IllegalArgumentException("--format: markdown, text or json, not '" + format + "'");
      }
      if (branch.isBlank()) {
        throw new IllegalArgumentException("--branch: empty");
      }
      ReportRange range = options.range(main, until -> until.minusDays(89));
      List<Map.Entry<String, String>> params = new ArrayList<>();
      params.add(Map.entry("from", range.since().toString()));
      params.add(Map.entry("to", range.until().plusDays(1).toString()));
      params.add(Map.entry("branch", branch));
      range.filters().forEach((d, values) -> values.forEach(v -> params.add(Map.entry(d, v))));
      params.add(Map.entry("sessions", "true"));
      SpendPages pages = new SpendPages(options.client(main));
      List<Map.Entry<String, String>> totalParams = new ArrayList<>(params);
      totalParams.add(Map.entry("times", "true"));
      List<UsageRow> totals = pages.all(List.of(), totalParams);
      UsageRow total = totals.isEmpty() ? new UsageRow(null, Map.of(), Usage.ZERO, null, null, 0L) : totals.get(0);
      BranchReport report = new BranchReport(branch, options.projects, range.since(), range.until(), total,
          pages.all(List.of("model"), params), pages.all(List.of("user"), params));
      return switch (f) {
        case "json" -> report.json();
        case "text" -> report.text(options.width(main));
        default -> report.markdown();
      };
    });
  }
}
