package dev.tokenledger.api;

import dev.tokenledger.api.cli.BudgetsCommand;
import dev.tokenledger.api.cli.ReportCommand;
import dev.tokenledger.api.cli.ServeCommand;
import dev.tokenledger.api.cli.SpendCommand;
import dev.tokenledger.api.cli.TokensCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The query role: the read-only HTTP API and terminal reports over the warehouse. */
@Command(
    name = "tokenledger api",
    mixinStandardHelpOptions = true,
    description = "Query AI-assistant spend from the warehouse: HTTP API (serve), terminal reports, API tokens and budgets.",
    subcommands = {ServeCommand.class, SpendCommand.class, ReportCommand.class, TokensCommand.class, BudgetsCommand.class})
public final class ApiMain implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ApiMain()).execute(args));
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
