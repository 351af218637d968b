package dev.tokenledger.agent.cli;

import dev.tokenledger.agent.service.PlanExecutor;
import dev.tokenledger.agent.service.ServicePlan;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** Installs {@code run} as a user service: a systemd user unit or a launchd agent (ADR 0141). */
@Command(name = "install", mixinStandardHelpOptions = true,
    description = "Install `run` as a user service (systemd user unit on Linux, launchd agent on macOS): copies the "
        + "jar and its lib/, writes the config template if there is no config, writes and starts the service.")
public final class InstallCommand implements Callable<Integer> {

  @ParentCommand
  AgentContext main;

  @Mixin
  ServiceOptions options = new ServiceOptions();

  @Override
  public Integer call() throws Exception {
    ServicePlan plan;
    try {
      plan = options.installer(main).install();
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
