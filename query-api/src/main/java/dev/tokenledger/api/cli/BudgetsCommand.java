package dev.tokenledger.api.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code api budgets list|show|put|delete}: an organisation's budgets on the budget topic, with their current spend. */
@Command(name = "budgets", mixinStandardHelpOptions = true,
    description = "List, show, create or replace, and delete budgets (the compacted budget topic) with the spend of their current period.",
    subcommands = {BudgetsListCommand.class, BudgetsShowCommand.class, BudgetsPutCommand.class, BudgetsDeleteCommand.class})
public final class BudgetsCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
