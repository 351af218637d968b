package dev.tokenledger.reconciliation.cli;

import java.util.Arrays;
import picocli.CommandLine;

/**
 * Entry point of the reconcile role: {@code java -jar reconciliation.jar reconcile import|show …}. Exit
 * codes: 0 done, 1 a provider or the warehouse failed, 2 bad arguments or configuration, 3
 * {@code show --check} found rows over the threshold, 4 {@code --alert}: Kafka or the registry did not take the
 * variances within {@code --timeout}.
 */
public final class ReconcileMain {

  private ReconcileMain() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  public static int run(String... args) {
    CommandLine cli = new CommandLine(new ReconcileCommand());
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("reconcile: " + e.getMessage());
      return e instanceof IllegalArgumentException ? 2 : 1;
    });
    String[] rest = args.length > 0 && args[0].equals("reconcile") ? Arrays.copyOfRange(args, 1, args.length) : args;
    return cli.execute(rest);
  }
}
