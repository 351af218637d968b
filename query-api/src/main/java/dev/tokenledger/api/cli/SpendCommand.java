package dev.tokenledger.api.cli;

import dev.tokenledger.api.config.ApiSettings;
import dev.tokenledger.api.query.Page;
import dev.tokenledger.api.query.QueryId;
import dev.tokenledger.api.query.QueryLimitException;
import dev.tokenledger.api.query.SpendQuery;
import dev.tokenledger.api.query.SpendRow;
import dev.tokenledger.api.query.WarehouseException;
import dev.tokenledger.api.report.SpendTableText;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** One spend question from the command line, e.g. {@code spend group_by=team,model month=2026-11}. */
@Command(name = "spend", mixinStandardHelpOptions = true,
    description = "Print spend as a table. Parameters as key=value: group_by=team,model granularity=total|day|week|month "
        + "month=YYYY-MM | from=YYYY-MM-DD to=YYYY-MM-DD, order=cost|keys sessions=true limit=N, and filters such as team=platform.")
public final class SpendCommand extends ApiCommand {

  @Parameters(paramLabel = "key=value", arity = "0..*")
  List<String> parameters = List.of();

  @Override
  int run(ApiSettings settings) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String p : parameters) {
      int eq = p.indexOf('=');
      if (eq <= 0) {
        System.err.println("spend: expected key=value, got '" + p + "'");
        return 2;
      }
      params.put(p.substring(0, eq), p.substring(eq + 1));
    }
    Warehouse w = Warehouse.from(settings);
    SpendQuery query;
    try {
      query = w.requests().parseSingle(params);
    } catch (IllegalArgumentException e) {
      System.err.println("spend: " + e.getMessage());
      return 2;
    }
    try {
      Page<SpendRow> page = w.spend().spend(query, QueryId.random());
      System.out.print(SpendTableText.render(query, page.rows(), total(w, query)));
      if (page.truncated()) {
        System.out.println("(more rows follow: raise limit=, or narrow the question)");
      }
      return 0;
    } catch (WarehouseException | QueryLimitException e) {
      System.err.println("spend: " + e.getMessage());
      return 1;
    }
  }

  /** The question's total over every matching row (none when nothing matched). */
  static SpendRow total(Warehouse w, SpendQuery query) {
    List<SpendRow> rows = w.spend().spend(query.total(), QueryId.random()).rows();
    return rows.isEmpty() ? null : rows.get(0);
  }
}
