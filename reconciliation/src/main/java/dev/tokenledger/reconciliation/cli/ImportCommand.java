package dev.tokenledger.reconciliation.cli;

import dev.tokenledger.reconciliation.DayRange;
import dev.tokenledger.reconciliation.Importer;
import dev.tokenledger.reconciliation.Provider;
import dev.tokenledger.reconciliation.ProviderReportException;
import dev.tokenledger.reconciliation.ProviderReportSource;
import dev.tokenledger.reconciliation.ReportKind;
import dev.tokenledger.reconciliation.anthropic.AnthropicReports;
import dev.tokenledger.reconciliation.clickhouse.ClickHouseReconciliationStore;
import dev.tokenledger.reconciliation.config.ProviderSettings;
import dev.tokenledger.reconciliation.config.ReconcileSettings;
import dev.tokenledger.reconciliation.files.ExportedReports;
import dev.tokenledger.reconciliation.http.ProviderHttp;
import dev.tokenledger.reconciliation.openai.OpenAiReports;
import dev.tokenledger.retry.Sleeper;
import dev.tokenledger.warehouse.clickhouse.ClickHouseHttpClient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import dev.tokenledger.reconciliation.GroupBy;
import dev.tokenledger.reconciliation.ReconciliationRow;
import dev.tokenledger.reconciliation.ReconciliationService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reconcile import}: reads a provider's reports for some days and stores them (replacing those days). */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = "Import a provider's usage and cost reports for UTC days (from its Admin API, or --files).")
public final class ImportCommand implements Callable<Integer> {

  @Mixin
  CommonOptions common;

  @Option(names = "--provider", required = true, description = "anthropic or openai")
  String provider;

  @Option(names = "--files", description = "a directory (or one file) of exported report pages instead of the API")
  Path files;

  @Option(names = "--report", split = ",", description = "usage, cost, claude_code (default: every report of the provider)")
  List<String> reports;

  @Mixin
  AlertOptions alerting;

  @Spec
  CommandSpec spec;


  @Override
  public Integer call() throws ProviderReportException {
    ReconcileSettings settings = common.settings();
    alerting.check();
    Provider p = Provider.parse(provider);
    DayRange range = common.range();
    List<ReportKind> kinds = reports == null || reports.isEmpty() ? p.reports()
        : reports.stream().map(ReportKind::parse).toList();
    ProviderReportSource source = files != null ? new ExportedReports(p, files) : api(p, settings);
    ClickHouseHttpClient ch = new ClickHouseHttpClient(settings.clickhouse());
    Importer importer = new Importer(new ClickHouseReconciliationStore(ch, Clock.systemUTC()), Clock.systemUTC());
    PrintWriter out = spec.commandLine().getOut();
    for (Importer.Imported i : importer.run(settings.orgId(), source, kinds, range)) {
      out.printf("%s %s %s: %d rows imported from %s (import %d)%n", p.id(), i.report().id(), range, i.rows(),
          source.origin(), i.version());
    }
    out.flush();
    if (alerting.alert) {
      ReconciliationService service = new ReconciliationService(new ClickHouseReconciliationStore(ch, Clock.systemUTC()));
      List<GroupBy> groupings = kinds.contains(ReportKind.CLAUDE_CODE) ? List.of(GroupBy.MODEL, GroupBy.SUBJECT)
          : List.of(GroupBy.MODEL);
      for (GroupBy g : groupings) {
        List<ReconciliationRow> rows = service.reconcile(settings.orgId(), List.of(p), g, range,
            java.util.Map.of(p, settings.provider(p).scope()), java.util.Map.of(p, settings.provider(p).models()));
        int code = VarianceAlerting.publish(settings, service, List.of(p), g, range, rows, alerting.publishers, Clock.systemUTC(),
            spec.commandLine().getErr());
        if (code != 0) {
          return code;
        }
      }
    }
    return 0;
  }

  static ProviderReportSource api(Provider p, ReconcileSettings settings) {
    ProviderSettings ps = settings.provider(p);
    String key = ps.adminKey().orElseThrow(() -> new IllegalArgumentException("no " + p.id() + " admin key: set "
        + (p == Provider.ANTHROPIC ? "ANTHROPIC_ADMIN_KEY" : "OPENAI_ADMIN_KEY") + " or " + p.id()
        + ".admin_key_file, or import exported pages with --files"));
    ProviderHttp http = new ProviderHttp(settings.retry(), ps.timeout(), Sleeper.SYSTEM);
    return p == Provider.ANTHROPIC ? new AnthropicReports(http, ps.baseUrl(), key) : new OpenAiReports(http, ps.baseUrl(), key);
  }
}
