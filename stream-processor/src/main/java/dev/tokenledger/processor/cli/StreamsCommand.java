package dev.tokenledger.processor.cli;

import dev.tokenledger.settings.ConfigException;
import dev.tokenledger.processor.config.StreamsSettings;
import dev.tokenledger.processor.config.StreamsSettingsParser;
import dev.tokenledger.processor.streams.runtime.StreamsApp;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;

/**
 * {@code tokenledger streams}: runs the Kafka Streams application (dedup, pricing, rollups, budget
 * breaches); {@code --validate} only checks the configuration. Subcommands publish prices and budgets.
 */
@Command(name = "streams", mixinStandardHelpOptions = true,
    description = "Run the stream processor (exactly-once dedup, pricing, rollups, budget breaches).",
    subcommands = {PricesCommand.class, BudgetsCommand.class, ParkedCommand.class})
public final class StreamsCommand extends RoleCommand<StreamsSettings> {

  @Override
  StreamsSettings parse(Optional<Path> file, Map<String, String> env) throws ConfigException {
    return StreamsSettingsParser.parse(file, env);
  }

  @Override
  int run(StreamsSettings settings) throws Exception {
    return new StreamsApp(settings).run();
  }
}
