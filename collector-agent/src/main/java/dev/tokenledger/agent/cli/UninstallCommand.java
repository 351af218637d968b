package dev.tokenledger.agent.cli;

import dev.tokenledger.agent.service.PlanExecutor;
import dev.tokenledger.agent.service.ServicePlan;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** Reverses {@code install}; the config file and the state directory are kept. */
@Command(name = "uninstall", mixinStandardHelpOptions = true,
    description = "Stop and remove the user service and the installed jar; the config and the state directory are kept.")
public final class UninstallCommand implements Callable<Integer> {

  @ParentCommand
  AgentContext main;

  @Mixin
  ServiceOptions options = new ServiceOptions();

  @Override
  public Integer call() throws Exception {
    ServicePlan plan;
    try {
      plan = options.installer(main).uninstall();
    } catch (IllegalArgumentException e) {
      main.err().println(e.getMessage());
      return ExitCodes.USAGE;
    }
    PlanExecutor executor = new PlanExecutor(main.out(), PlanExecutor::run);
    if (options.dryRun) {
      executor.print(plan);
      return ExitCodes.OK;
    }
    return executor.execute(plan) == 0 ? ExitCodes.OK : ExitCodes.FAILED;
  }
}
