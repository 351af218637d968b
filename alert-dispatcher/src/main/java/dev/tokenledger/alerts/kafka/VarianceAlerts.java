package dev.tokenledger.alerts.kafka;

import dev.tokenledger.alerts.alert.Variance;
import dev.tokenledger.events.ReconciliationVariance;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The Avro {@link ReconciliationVariance} as a {@link Variance}. */
public final class VarianceAlerts {

  private VarianceAlerts() {}

  /**
   * @param alsoTo the dispatcher's {@code [variances] channels}, after the channels the record names
   */
  public static Variance of(ReconciliationVariance v, List<String> alsoTo) {
    List<String> channels = new ArrayList<>(v.getNotify() == null ? List.of() : v.getNotify());
    channels.addAll(alsoTo);
    return new Variance(v.getVarianceId(), v.getOrgId(), v.getProvider(), v.getDay(), v.getModel(), v.getSubject(),
        v.getStatus(), v.getLedgerTokens(), v.getProviderTokens(), v.getTokenVariance(),
        Optional.ofNullable(v.getTokenShare()), v.getLedgerCostUsd(), v.getProviderCostUsd(), v.getCostVarianceUsd(),
        Optional.ofNullable(v.getCostShare()), v.getThresholdShare(), v.getImportVersion(), v.getDetectedTime(), channels);
  }
}
