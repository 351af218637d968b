package dev.tokenledger.processor;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the stream-processor module. Each role is a subcommand in its own package:
 * {@code streams} (the Kafka Streams application) and {@code sink} (ClickHouse warehouse sink). The
 * breach dispatcher ({@code tokenledger alerts}) is a module of its own, {@code alert-dispatcher}.
 */
@Command(
    name = "tokenledger-processor",
    mixinStandardHelpOptions = true,
    description = "Tokenledger stream processor roles.",
    subcommands = {CommandLine.HelpCommand.class})
public final class ProcessorMain {

  private ProcessorMain() {}

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new ProcessorMain());
    for (Object role : ProcessorRoles.all()) {
      cli.addSubcommand(role);
    }
    System.exit(cli.execute(args));
  }
}
