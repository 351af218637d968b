package dev.tokenledger.alerts;

import dev.tokenledger.alerts.cli.AlertsCommand;
import java.util.Arrays;
import picocli.CommandLine;

/** Entry point of the alert dispatcher: {@code java -jar alert-dispatcher.jar alerts [--config FILE] [--validate]}. */
public final class AlertsMain {

  private AlertsMain() {}

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new AlertsCommand());
    // `alerts` is both the launcher's word and the command's name: accept it as the first argument or not
    String[] rest = args.length > 0 && args[0].equals("alerts") ? Arrays.copyOfRange(args, 1, args.length) : args;
    System.exit(cli.execute(rest));
  }
}
