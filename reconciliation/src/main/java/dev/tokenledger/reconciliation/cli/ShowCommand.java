package dev.tokenledger.reconciliation.cli;

import dev.tokenledger.reconciliation.GroupBy;
import dev.tokenledger.reconciliation.LedgerScope;
import dev.tokenledger.reconciliation.ModelMap;
import dev.tokenledger.reconciliation.Provider;
import dev.tokenledger.reconciliation.ReconciliationRow;
import dev.tokenledger.reconciliation.ReconciliationService;
import dev.tokenledger.reconciliation.ReconciliationTable;
import dev.tokenledger.reconciliation.clickhouse.ClickHouseReconciliationStore;
import dev.tokenledger.reconciliation.config.ReconcileSettings;
import dev.tokenledger.warehouse.clickhouse.ClickHouseHttpClient;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reconcile show}: the daily reconciliation, ledger against the imported provider reports. */
@Command(name = "show", mixinStandardHelpOptions = true,
    description = "Show ledger against provider per UTC day and model (or subject), with variance and share.")
public final class ShowCommand implements Callable<Integer> {

  /** Exit code of {@code --check} when a row is over the threshold. */
  public static final int OVER_THRESHOLD = 3;

  @Mixin
  CommonOptions common;

  @Option(names = "--provider", description = "anthropic or openai (default: both; subject grouping: anthropic)")
  String provider;

  @Option(names = "--group-by", defaultValue = "model", description = "model (usage + cost reports) or subject "
      + "(Claude Code Analytics per user)")
  String groupBy;

  @ArgGroup(exclusive = true)
  Format format;

  static final class Format {
    @Option(names = "--json", description = "an array of JSON objects")
    boolean json;

    @Option(names = "--csv", description = "CSV with a header line")
    boolean csv;
  }

  @Option(names = "--check", description = "exit " + OVER_THRESHOLD + " when a row is over reconcile.alert_share")
  boolean check;

  @Mixin
  AlertOptions alerting;

  @Spec
  CommandSpec spec;


  @Override
  public Integer call() {
    ReconcileSettings settings = common.settings();
    alerting.check();
    GroupBy g = GroupBy.parse(groupBy);
    List<Provider> providers = provider != null ? List.of(Provider.parse(provider))
        : g == GroupBy.SUBJECT ? List.of(Provider.ANTHROPIC) : List.of(Provider.values());
    Map<Provider, LedgerScope> scopes = new EnumMap<>(Provider.class);
    Map<Provider, ModelMap> models = new EnumMap<>(Provider.class);
    for (Provider p : Provider.values()) {
      scopes.put(p, settings.provider(p).scope());
      models.put(p, settings.provider(p).models());
    }
    ReconciliationService service = new ReconciliationService(
        new ClickHouseReconciliationStore(new ClickHouseHttpClient(settings.clickhouse()), Clock.systemUTC()));
    List<ReconciliationRow> rows = service.reconcile(settings.orgId(), providers, g, common.range(), scopes, models);
    ReconciliationTable table = new ReconciliationTable(settings.alertShare());
    PrintWriter out = spec.commandLine().getOut();
    out.print(format != null && format.json ? ReconciliationOutput.json(table, rows)
        : format != null && format.csv ? ReconciliationOutput.csv(table, rows) : ReconciliationOutput.text(table, rows));
    out.flush();
    if (alerting.alert) {
      int code = VarianceAlerting.publish(settings, service, providers, g, common.range(), rows, alerting.publishers,
          Clock.systemUTC(), spec.commandLine().getErr());
      if (code != 0) {
        return code;
      }
    }
    return check && rows.stream().anyMatch(table::overThreshold) ? OVER_THRESHOLD : 0;
  }
}
