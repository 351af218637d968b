package dev.tokenledger.reconciliation.cli;

import dev.tokenledger.reconciliation.DayRange;
import dev.tokenledger.reconciliation.GroupBy;
import dev.tokenledger.reconciliation.Provider;
import dev.tokenledger.reconciliation.ReconciliationRow;
import dev.tokenledger.reconciliation.ReconciliationService;
import dev.tokenledger.reconciliation.ReconciliationTable;
import dev.tokenledger.reconciliation.VarianceAlerts;
import dev.tokenledger.reconciliation.VariancePublishException;
import dev.tokenledger.reconciliation.VariancePublisher;
import dev.tokenledger.reconciliation.config.ReconcileSettings;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;

/** What {@code --alert} does after the rows are computed: select, publish, say so in one line. */
final class VarianceAlerting {

  /** Exit code when Kafka (or the registry) did not take the variances within {@code --timeout}. */
  static final int KAFKA_UNAVAILABLE = 4;

  private VarianceAlerting() {}

  /** Publishes the rows over the threshold; 0, or {@link #KAFKA_UNAVAILABLE} after one line on {@code err}. */
  static int publish(ReconcileSettings settings, ReconciliationService service, List<Provider> providers, GroupBy groupBy,
      DayRange range, List<ReconciliationRow> rows, Function<ReconcileSettings, VariancePublisher> publishers, Clock clock,
      PrintWriter err) {
    ReconciliationTable table = new ReconciliationTable(settings.alertShare());
    VarianceAlerts.Selection s = VarianceAlerts.select(settings.orgId(), rows, table,
        service.importVersions(settings.orgId(), providers, groupBy, range), settings.alertChannels(), clock.instant());
    try (VariancePublisher publisher = publishers.apply(settings)) {
      publisher.publish(s.alerts());
    } catch (VariancePublishException e) {
      err.println("reconcile: " + e.getMessage());
      err.flush();
      return KAFKA_UNAVAILABLE;
    }
    err.printf("reconcile: %d variance(s) over %s published to %s%s%n", s.alerts().size(),
        settings.alertShare().toPlainString(), settings.kafka().topics().variances(),
        s.withoutImport() == 0 ? "" : "; " + s.withoutImport() + " row(s) over the threshold on days without an import left out");
    err.flush();
    return 0;
  }
}
