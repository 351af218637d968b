package dev.tokenledger.alerts.cli;

import dev.tokenledger.alerts.app.DispatcherApp;
import dev.tokenledger.alerts.config.AlertsSettings;
import dev.tokenledger.alerts.config.AlertsSettingsParser;
import dev.tokenledger.alerts.config.ChannelSettings;
import dev.tokenledger.alerts.config.ChannelType;
import dev.tokenledger.settings.ConfigException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tokenledger alerts [--config FILE] [--validate]}: the alert dispatcher. {@code --validate} only
 * parses the configuration and prints it, URLs and secrets masked.
 */
@Command(name = "alerts", mixinStandardHelpOptions = true, subcommands = ReplayCommand.class,
    description = "Deliver budget breaches to webhooks and Slack, exactly once per breach and channel.")
public final class AlertsCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "TOML configuration (see config/alerts.reference.toml).")
  Path config;

  @Option(names = "--validate", description = "Parse and check the configuration, print it (secrets masked), and exit.")
  boolean validate;

  @Override
  public Integer call() {
    AlertsSettings settings;
    try {
      settings = AlertsSettingsParser.parse(Optional.ofNullable(config), System.getenv());
    } catch (ConfigException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println(e.getMessage());
      err.flush();
      return 2;
    }
    if (validate) {
      PrintWriter out = spec.commandLine().getOut();
      out.print(describe(settings));
      out.flush();
      return 0;
    }
    DispatcherApp app = new DispatcherApp(settings);
    // SIGTERM: end the current attempts, commit what was settled, then exit
    Runtime.getRuntime().addShutdownHook(new Thread(() -> app.stop(Duration.ofSeconds(30)), "alerts-shutdown"));
    return app.run();
  }

  /** The settings as {@code --validate} prints them: every URL as scheme and host, every secret masked. */
  static String describe(AlertsSettings s) {
    StringBuilder b = new StringBuilder("configuration OK\n");
    b.append("  kafka: ").append(s.kafka()).append('\n');
    b.append("  topics: ").append(s.topics()).append('\n');
    b.append("  delivery: ").append(s.delivery()).append(" = ").append(s.delivery().retryPolicy()).append('\n');
    if (s.channels().isEmpty()) {
      b.append("  channels: none (every breach naming a channel is dead-lettered)\n");
    }
    for (ChannelSettings c : s.channels()) {
      b.append("  channel ").append(c.name()).append(": ").append(c.type().configName()).append(' ').append(c.url())
          .append(c.secret().map(x -> ", signed with secret " + x).orElse(c.type() == ChannelType.WEBHOOK ? ", unsigned" : ""))
          .append(", ").append(c.ratePerMinute()).append(" per minute (burst ").append(c.burst()).append(", ").append(c.concurrency())
          .append(" at once)\n");
    }
    b.append("  variances: ").append(s.variances()).append('\n');
    b.append("  ops: ").append(s.ops()).append('\n');
    b.append("  digest: ").append(s.digest().map(d -> "at " + d.at() + " " + d.zone() + " from " + d.apiUrl() + " with token "
        + d.apiToken() + (d.channels().isEmpty() ? "" : ", always to " + d.channels())).orElse("off")).append('\n');
    b.append("  warehouse: ").append(s.warehouse().map(w -> w + " (top contributors in Slack messages)")
        .orElse("off (Slack messages name no top contributors)")).append('\n');
    return b.toString();
  }
}
