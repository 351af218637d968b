package dev.tokenledger.api.cli;

import dev.tokenledger.api.config.ApiSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Deletes a budget: a tombstone on the budget topic. */
@Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a budget (a tombstone on the compacted budget topic).")
public final class BudgetsDeleteCommand extends ApiCommand {

  @Option(names = "--org", required = true, description = "Organisation id.") String org;
  @Parameters(paramLabel = "ID", description = "The budget id.") String id;

  @Override
  int run(ApiSettings settings) throws Exception {
    try (BudgetWiring w = BudgetAdmin.open(settings)) {
      if (w.service().delete(org, id).isEmpty()) {
        spec.commandLine().getErr().println("budgets delete: organisation " + org + " has no budget " + id);
        spec.commandLine().getErr().flush();
        return 1;
      }
      spec.commandLine().getOut().println("deleted budget " + id + " of " + org);
      spec.commandLine().getOut().flush();
    }
    return 0;
  }
}
