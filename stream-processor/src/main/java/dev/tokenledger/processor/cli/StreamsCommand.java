package dev.tokenledger.processor.cli;

import dev.tokenledger.processor.config.ConfigException;
import dev.tokenledger.processor.config.StreamsSettings;
import dev.tokenledger.processor.config.StreamsSettingsParser;
import dev.tokenledger.processor.streams.runtime.StreamsApp;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tokenledger streams}: runs the Kafka Streams application (dedup, pricing, rollups, budget
 * breaches); {@code --validate} only checks the configuration. Subcommands publish prices and budgets.
 */
@Command(name = "streams", mixinStandardHelpOptions = true,
    description = "Run the stream processor (exactly-once dedup, pricing, rollups, budget breaches).",
    subcommands = {PricesCommand.class, BudgetsCommand.class})
public final class StreamsCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "TOML configuration (see config/streams.reference.toml).")
  Path config;

  @Option(names = "--validate", description = "Parse and check the configuration, print it, and exit.")
  boolean validate;

  /** The parsed settings; prints every error and returns empty when invalid. */
  Optional<StreamsSettings> settings(PrintWriter err) {
    try {
      return Optional.of(StreamsSettingsParser.parse(Optional.ofNullable(config), System.getenv()));
    } catch (ConfigException e) {
      err.println(e.getMessage());
      return Optional.empty();
    }
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Optional<StreamsSettings> settings = settings(spec.commandLine().getErr());
    if (settings.isEmpty()) {
      return 2;
    }
    if (validate) {
      out.println("configuration OK: " + settings.get());
      out.flush();
      return 0;
    }
    return new StreamsApp(settings.get()).run();
  }
}
