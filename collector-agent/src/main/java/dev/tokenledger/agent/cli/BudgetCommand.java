package dev.tokenledger.agent.cli;

import dev.tokenledger.agent.api.ApiEndpoint;
import dev.tokenledger.agent.api.ApiUnavailable;
import dev.tokenledger.agent.attribution.Attributor;
import dev.tokenledger.agent.attribution.MachineIdentity;
import dev.tokenledger.agent.orgmap.OrgMappingService;
import dev.tokenledger.agent.budget.BudgetStatus;
import dev.tokenledger.agent.budget.BudgetStatusCache;
import dev.tokenledger.agent.budget.BudgetStatusClient;
import dev.tokenledger.agent.budget.BudgetStatusUnavailable;
import dev.tokenledger.agent.config.AgentConfig;
import dev.tokenledger.settings.Durations;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * The pre-task budget check: one line about the budgets that apply to this user, their teams, this
 * project and cost centre, from the organisation's API — for a shell prompt, an assistant's status line
 * or a script. Exits {@value ExitCodes#BUDGET_EXCEEDED} when a budget that applies is exceeded. An API
 * that cannot answer never blocks work: the line says so and the exit status is 0 (unless
 * {@code --strict}).
 */
@Command(name = "budget", mixinStandardHelpOptions = true,
    description = "Print one line about the budgets that apply to you and this project (exit 5 when one is exceeded). "
        + "For Claude Code's statusLine, a shell prompt or a script before a task.")
public final class BudgetCommand implements Callable<Integer> {

  static final String ENV_API_URL = ApiEndpoint.ENV_API_URL;
  static final String ENV_TOKEN = ApiEndpoint.ENV_TOKEN;
  static final String ENV_TOKEN_FILE = ApiEndpoint.ENV_TOKEN_FILE;

  @ParentCommand
  AgentContext main;

  @Option(names = "--dir", paramLabel = "DIR", description = "The project directory (default: the current directory).")
  Path dir;

  @Option(names = "--api", paramLabel = "URL", description = "The API (default: $" + ENV_API_URL + ", else http://127.0.0.1:18090).")
  URI api;

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "File holding your API token (default: $" + ENV_TOKEN_FILE + ", else ~/.config/tokenledger/api-token; $"
          + ENV_TOKEN + " wins).")
  Path tokenFile;

  @Option(names = "--json", description = "Print the API's whole answer instead of the line.")
  boolean json;

  @Option(names = "--strict", description = "Exit 1 when the status cannot be had (default: print why and exit 0).")
  boolean strict;

  @Option(names = "--max-age", paramLabel = "DURATION", defaultValue = "30s",
      description = "Reuse a status younger than this (default: ${DEFAULT-VALUE}; 0s = always ask).")
  String maxAge;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "2s", description = "How long to wait for the API (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Override
  public Integer call() {
    AgentConfig config = main.config();
    Map<String, String> env = main.environment().variables();
    Duration age;
    Duration wait;
    try {
      age = Durations.parse(maxAge);
      wait = Durations.parse(timeout);
    } catch (IllegalArgumentException e) {
      main.err().println("budget: " + e.getMessage());
      return ExitCodes.USAGE;
    }
    String cwd = (dir != null ? dir : Path.of("")).toAbsolutePath().normalize().toString();
    // the organisation mapping as cached (a budget check never waits for the mapping's location)
    Attributor attributor = Attributor.forConfig(config, MachineIdentity.resolve(config, env), main.clock())
        .assignFrom(OrgMappingService.open(config.orgMapping(), config.stateDir(), false, env, main.clock()));
    String project = attributor.projectId(cwd);
    String costCentre = java.util.Objects.requireNonNullElse(attributor.teamAndCostCentre(cwd).costCentre(), "");
    BudgetStatusCache cache = new BudgetStatusCache(config.stateDir(), age, main.clock());
    String key = project + "|" + costCentre;
    BudgetStatus status;
    try {
      status = cache.get(key).orElse(null);
      if (status == null) {
        status = new BudgetStatusClient(endpoint(env), wait).status(project, costCentre);
        cache.put(key, status);
      }
    } catch (BudgetStatusUnavailable e) {
      main.out().println("budget: unknown (" + e.getMessage() + ")");
      return strict ? ExitCodes.FAILED : ExitCodes.OK;
    }
    main.out().println(json ? status.json() : status.line());
    return status.exceeded() ? ExitCodes.BUDGET_EXCEEDED : ExitCodes.OK;
  }

  private ApiEndpoint endpoint(Map<String, String> env) {
    try {
      return ApiEndpoint.resolve(api, tokenFile, env, main.environment().home());
    } catch (ApiUnavailable e) {
      throw new BudgetStatusUnavailable(e.getMessage(), e);
    }
  }
}
