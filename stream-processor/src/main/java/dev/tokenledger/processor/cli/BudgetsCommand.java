package dev.tokenledger.processor.cli;

import dev.tokenledger.events.Budget;
import dev.tokenledger.processor.budget.BudgetDefinitions;
import dev.tokenledger.processor.budget.BudgetDefinitions.Definition;
import dev.tokenledger.processor.budget.BudgetDefinitions.InvalidBudgets;
import dev.tokenledger.processor.budget.BudgetKeys;
import dev.tokenledger.processor.config.StreamsSettings;
import dev.tokenledger.processor.streams.TopologySerdes;
import dev.tokenledger.processor.streams.runtime.RecordPublisher;
import dev.tokenledger.schemas.registry.CachingSchemaRegistry;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code tokenledger streams budgets}: puts budgets on the compacted budget topic, from flags or a TOML
 * file of {@code [[budget]]} tables, or deletes one (tombstone).
 */
@Command(name = "budgets", mixinStandardHelpOptions = true,
    description = "Put (or --delete) budgets: from flags, or from a TOML file of [[budget]] tables (--file).")
public final class BudgetsCommand implements Callable<Integer> {

  @ParentCommand
  StreamsCommand parent;

  @Spec
  CommandSpec spec;

  @Option(names = "--file", paramLabel = "TOML", description = "Budgets file ([[budget]] tables).")
  Path file;

  @Option(names = "--id", description = "Budget id (stable; putting the same id replaces the budget).")
  String id;

  @Option(names = "--org", defaultValue = "default", description = "Organisation id (default: ${DEFAULT-VALUE}).")
  String org;

  @Option(names = "--scope", description = "org, team, project, user or cost_centre.")
  String scope;

  @Option(names = "--value", description = "The team, project, user or cost centre (the org id for org).")
  String value;

  @Option(names = "--period", description = "day, week or month.")
  String period;

  @Option(names = "--limit-usd", description = "Limit in USD per period.")
  String limit;

  @Option(names = "--thresholds", split = ",", description = "Warn thresholds in percent (default 50,80,100).")
  List<Integer> thresholds;

  @Option(names = "--notify", split = ",", description = "Alert channels to notify.")
  List<String> notify;

  @Option(names = "--time-zone", description = "IANA zone of the budget's days, weeks and months (default: the organisation's).")
  String timeZone;

  @Option(names = "--disabled", description = "Put the budget disabled.")
  boolean disabled;

  @Option(names = "--delete", description = "Delete the budget --id of --org.")
  boolean delete;

  @Override
  public Integer call() throws IOException {
    Optional<StreamsSettings> settings = parent.settings(spec.commandLine().getErr());
    if (settings.isEmpty()) {
      return 2;
    }
    List<Map.Entry<String, Budget>> records = new ArrayList<>();
    try {
      if (delete) {
        if (id == null) {
          throw new InvalidBudgets(List.of("--delete needs --id"));
        }
        records.add(new AbstractMap.SimpleEntry<>(BudgetKeys.of(org, id), null));
      } else if (file != null) {
        try (Reader r = Files.newBufferedReader(file)) {
          BudgetDefinitions.parse(r, Instant.now()).forEach(b -> records.add(new AbstractMap.SimpleEntry<>(BudgetKeys.of(b), b)));
        }
      } else {
        Budget b = BudgetDefinitions.build(new Definition(id, org, scope, value, period, limit, thresholds,
            notify, !disabled, timeZone), Instant.now());
        records.add(new AbstractMap.SimpleEntry<>(BudgetKeys.of(b), b));
      }
    } catch (InvalidBudgets e) {
      spec.commandLine().getErr().println(e.getMessage());
      return 2;
    }
    StreamsSettings s = settings.get();
    TopologySerdes serdes = TopologySerdes.create(CachingSchemaRegistry.connect(s.kafka().registry()));
    records.addAll(LegacyBudgetKeys.tombstones(s.kafka().connection(), s.topics().budgets(), serdes.budget(), records));
    RecordPublisher.publish(s.kafka().connection(), s.topics().budgets(), serdes.budget(), records);
    records.forEach(r -> spec.commandLine().getOut().println((r.getValue() == null ? "deleted " : "put ") + r.getKey()));
    return 0;
  }
}
