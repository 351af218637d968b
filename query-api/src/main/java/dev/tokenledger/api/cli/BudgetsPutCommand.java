package dev.tokenledger.api.cli;

import dev.tokenledger.api.budget.BudgetDraft;
import dev.tokenledger.api.budget.InvalidBudgetException;
import dev.tokenledger.api.config.ApiSettings;
import dev.tokenledger.api.query.QueryId;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Creates or replaces a budget, validated like {@code PUT /v1/budgets/{id}}. */
@Command(name = "put", mixinStandardHelpOptions = true,
    description = "Create or replace a budget; prints it with the spend of its current period once it is on the topic and read back.")
public final class BudgetsPutCommand extends ApiCommand {

  @Option(names = "--org", required = true, description = "Organisation id.") String org;
  @Option(names = "--id", required = true, description = "Budget id: 1 to 64 of A-Z a-z 0-9 . _ -") String id;
  @Option(names = "--scope", required = true, description = "org, team, project, user or cost_centre.") String scope;
  @Option(names = "--value", description = "The team, project, user or cost centre (not for org).") String value;
  @Option(names = "--period", required = true, description = "day, week (ISO, from Monday) or month.") String period;
  @Option(names = "--limit-usd", required = true, description = "The limit per period in USD, e.g. 500 or 0.25.") String limitUsd;
  @Option(names = "--thresholds", split = ",", description = "Warn thresholds in percent (default 50,80,100).") List<Integer> thresholds;
  @Option(names = "--time-zone", description = "IANA zone of the periods, e.g. Europe/Berlin (default: org.time_zone).") String timeZone;
  @Option(names = "--notify", split = ",", description = "Alert channel names, comma-separated.") List<String> notify;
  @Option(names = "--disabled", description = "Store the budget disabled (it alerts nothing).") boolean disabled;

  @Override
  int run(ApiSettings settings) throws Exception {
    BudgetDraft draft = new BudgetDraft(id, scope, value, period, limitUsd, thresholds, timeZone, !disabled, notify);
    try (BudgetWiring w = BudgetAdmin.open(settings)) {
      BudgetAdmin.print(spec.commandLine().getOut(), List.of(w.service().put(org, draft, QueryId.random())));
    } catch (InvalidBudgetException e) {
      PrintWriter err = spec.commandLine().getErr();
      e.errors().forEach(m -> err.println("budgets put: " + m));
      err.flush();
      return 2;
    }
    return 0;
  }
}
