package dev.tokenledger.api.cli;

import dev.tokenledger.api.budget.BudgetStatus;
import dev.tokenledger.api.config.ApiSettings;
import dev.tokenledger.api.query.QueryId;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Shows one budget with the spend of its current period. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show one budget with spend, percent and status.")
public final class BudgetsShowCommand extends ApiCommand {

  @Option(names = "--org", required = true, description = "Organisation id.") String org;
  @Parameters(paramLabel = "ID", description = "The budget id.") String id;

  @Override
  int run(ApiSettings settings) throws Exception {
    try (BudgetWiring w = BudgetAdmin.open(settings)) {
      Optional<BudgetStatus> s = w.service().find(org, id, QueryId.random());
      if (s.isEmpty()) {
        spec.commandLine().getErr().println("budgets show: organisation " + org + " has no budget " + id);
        spec.commandLine().getErr().flush();
        return 1;
      }
      BudgetAdmin.print(spec.commandLine().getOut(), List.of(s.get()));
    }
    return 0;
  }
}
