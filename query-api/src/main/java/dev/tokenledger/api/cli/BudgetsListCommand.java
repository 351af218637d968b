package dev.tokenledger.api.cli;

import dev.tokenledger.api.config.ApiSettings;
import dev.tokenledger.api.query.QueryId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Lists an organisation's budgets with the spend of their current period. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List an organisation's budgets with spend, percent and status.")
public final class BudgetsListCommand extends ApiCommand {

  @Option(names = "--org", required = true, description = "Organisation id.") String org;

  @Override
  int run(ApiSettings settings) throws Exception {
    try (BudgetWiring w = BudgetAdmin.open(settings)) {
      BudgetAdmin.print(spec.commandLine().getOut(), w.service().list(org, QueryId.random()));
    }
    return 0;
  }
}
