package dev.tokenledger.api.cli;

import dev.tokenledger.api.config.ApiSettings;
import dev.tokenledger.api.efficiency.EfficiencyCalculator;
import dev.tokenledger.api.efficiency.EfficiencyQuery;
import dev.tokenledger.api.query.Dimension;
import dev.tokenledger.api.query.Granularity;
import dev.tokenledger.api.query.PageRequest;
import dev.tokenledger.api.query.QueryId;
import dev.tokenledger.api.query.SortOrder;
import dev.tokenledger.api.query.QueryLimitException;
import dev.tokenledger.api.query.SpendQuery;
import dev.tokenledger.api.query.WarehouseException;
import dev.tokenledger.api.report.EfficiencyText;
import dev.tokenledger.api.report.SpendTableText;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The cost report: a month's spend by team, project, model, user, tool and day, the last 12 months, and
 * the month's efficiency figures and smells.
 */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Print a month's cost report (default: the current month in the organisation time zone).")
public final class ReportCommand extends ApiCommand {

  @Option(names = "--month", paramLabel = "YYYY-MM", description = "the calendar month (default: current)")
  YearMonth month;

  @Option(names = "--top", defaultValue = "10", description = "rows per breakdown (default: ${DEFAULT-VALUE})")
  int top;

  @Option(names = "--org", paramLabel = "ORG", description = "the organisation (needed when the warehouse holds several)")
  String org;

  @Override
  int run(ApiSettings settings) {
    Warehouse w = Warehouse.from(settings);
    YearMonth m = month != null ? month : YearMonth.from(ZonedDateTime.now(w.settings().zone()));
    LocalDate from = m.atDay(1);
    LocalDate to = m.plusMonths(1).atDay(1);
    var zone = w.settings().zone();
    Map<Dimension, Set<String>> scope;
    try {
      scope = Map.of(Dimension.ORG, Set.of(org != null ? org : onlyOrganisation(w, m.minusMonths(11).atDay(1), to)));
    } catch (IllegalArgumentException e) {
      System.err.println("report: " + e.getMessage());
      return 2;
    } catch (WarehouseException | QueryLimitException e) {
      System.err.println("report: " + e.getMessage());
      return 1;
    }
    List<Section> sections = List.of(
        new Section("Total", new SpendQuery(List.of(), Granularity.TOTAL, from, to, zone, scope, SortOrder.COST, PageRequest.first(1), true)),
        new Section("By team", new SpendQuery(List.of(Dimension.TEAM), Granularity.TOTAL, from, to, zone, scope, SortOrder.COST, PageRequest.first(top), false)),
        new Section("By project", new SpendQuery(List.of(Dimension.PROJECT), Granularity.TOTAL, from, to, zone, scope, SortOrder.COST, PageRequest.first(top), false)),
        new Section("By model", new SpendQuery(List.of(Dimension.MODEL), Granularity.TOTAL, from, to, zone, scope, SortOrder.COST, PageRequest.first(top), false)),
        new Section("By user", new SpendQuery(List.of(Dimension.USER), Granularity.TOTAL, from, to, zone, scope, SortOrder.COST, PageRequest.first(top), false)),
        new Section("By source tool", new SpendQuery(List.of(Dimension.SOURCE), Granularity.TOTAL, from, to, zone, scope, SortOrder.COST, PageRequest.first(top), false)),
        new Section("By day", new SpendQuery(List.of(), Granularity.DAY, from, to, zone, scope, SortOrder.COST, PageRequest.first(31), false)),
        new Section("Last 12 months", new SpendQuery(List.of(), Granularity.MONTH, m.minusMonths(11).atDay(1), to, zone, scope, SortOrder.COST, PageRequest.first(12), false)));
    System.out.println("Tokenledger cost report — " + m + " (" + zone.getId() + "), organisation " + scope.get(Dimension.ORG).iterator().next()
        + ", warehouse " + w.settings().clickhouse().url()
        + " database " + w.settings().clickhouse().database());
    try {
      for (Section s : sections) {
        System.out.println();
        System.out.println("## " + s.title());
        System.out.print(SpendTableText.render(s.query(), w.spend().spend(s.query(), QueryId.random()).rows(),
            SpendCommand.total(w, s.query())));
      }
      EfficiencyQuery efficiency = new EfficiencyQuery(from, to, zone, scope);
      EfficiencyCalculator calculator = new EfficiencyCalculator(settings.efficiency());
      System.out.println();
      System.out.println("## Efficiency (docs/efficiency.md)");
      System.out.print(EfficiencyText.render(calculator.report(efficiency,
          w.efficiency().facts(efficiency, settings.efficiency(), QueryId.random()))));
      return 0;
    } catch (WarehouseException | QueryLimitException e) {
      System.err.println("report: " + e.getMessage());
      return 1;
    }
  }

  /** The one organisation with usage in the range; refuses when there are several (each needs its own report). */
  private static String onlyOrganisation(Warehouse w, LocalDate from, LocalDate to) {
    List<String> orgs = w.spend().spend(new SpendQuery(List.of(Dimension.ORG), Granularity.TOTAL, from, to, w.settings().zone(), Map.of(),
        SortOrder.KEYS, PageRequest.first(100), false), QueryId.random()).rows().stream().map(r -> r.keys().get(Dimension.ORG)).toList();
    if (orgs.size() > 1) {
      throw new IllegalArgumentException("the warehouse holds several organisations; pass --org (one of: " + String.join(", ", orgs) + ")");
    }
    return orgs.isEmpty() ? "default" : orgs.get(0);
  }

  private record Section(String title, SpendQuery query) {}
}
