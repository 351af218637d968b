package dev.tokenledger.processor.cli;

import dev.tokenledger.settings.ConfigException;
import dev.tokenledger.processor.sink.SinkApp;
import dev.tokenledger.processor.sink.SinkSettings;
import dev.tokenledger.processor.sink.SinkSettingsParser;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code tokenledger sink}: the ClickHouse warehouse sink; {@code sink migrate} applies the warehouse
 * migrations and exits; {@code sink rollups} checks and rebuilds the daily rollups; {@code --validate}
 * only checks the configuration.
 */
@Command(name = "sink", mixinStandardHelpOptions = true,
    description = "Load priced usage events and budget breaches into ClickHouse (exactly once per event).",
    subcommands = {SinkCommand.Migrate.class, RollupsCommand.class})
public final class SinkCommand extends RoleCommand<SinkSettings> {

  @Override
  SinkSettings parse(Optional<Path> file, Map<String, String> env) throws ConfigException {
    return SinkSettingsParser.parse(file, env);
  }

  @Override
  int run(SinkSettings settings) {
    SinkApp app = new SinkApp(settings);
    // SIGTERM: write and commit what was read, then stop (returns at once if the sink already stopped)
    Runtime.getRuntime().addShutdownHook(new Thread(() -> app.stop(Duration.ofSeconds(60)), "sink-shutdown"));
    return app.run();
  }

  /** {@code tokenledger sink migrate}. */
  @Command(name = "migrate", mixinStandardHelpOptions = true,
      description = "Apply the ClickHouse migrations (safe to repeat) and exit.")
  static final class Migrate implements Callable<Integer> {

    @ParentCommand
    SinkCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Optional<SinkSettings> settings = parent.settings(err);
      if (settings.isEmpty()) {
        return 2;
      }
      try {
        List<String> applied = SinkApp.migrate(settings.get());
        out.println(applied.isEmpty()
            ? "migrations: database " + settings.get().clickhouse().database() + " is up to date"
            : "migrations: applied " + String.join(", ", applied) + " to database " + settings.get().clickhouse().database());
        out.flush();
        return 0;
      } catch (RuntimeException e) {
        err.println("migrations failed: " + e.getMessage());
        err.flush();
        return 1;
      }
    }
  }
}
