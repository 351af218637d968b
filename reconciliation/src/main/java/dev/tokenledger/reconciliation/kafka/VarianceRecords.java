package dev.tokenledger.reconciliation.kafka;

import dev.tokenledger.events.ReconciliationVariance;
import dev.tokenledger.reconciliation.ReconciliationRow;
import dev.tokenledger.reconciliation.VarianceAlert;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** A {@link VarianceAlert} as the Avro {@link ReconciliationVariance} (decimals at the schema's scales). */
public final class VarianceRecords {

  /** Scale of the money fields (as on every other record). */
  static final int MONEY_SCALE = 9;
  /** Scale of shares and the threshold. */
  static final int SHARE_SCALE = 6;

  private VarianceRecords() {}

  public static ReconciliationVariance of(VarianceAlert a) {
    ReconciliationRow r = a.row();
    return ReconciliationVariance.newBuilder()
        .setVarianceId(a.id())
        .setOrgId(a.orgId())
        .setProvider(r.provider().id())
        .setDay(r.day())
        .setModel(r.model())
        .setSubject(r.subject())
        .setStatus(r.status().name())
        .setLedgerTokens(r.ledgerTokens().total())
        .setProviderTokens(r.providerTokens().total())
        .setTokenVariance(r.tokenVariance())
        .setTokenShare(r.tokenShare().map(VarianceRecords::share).orElse(null))
        .setLedgerCostUsd(money(r.ledgerCostUsd()))
        .setProviderCostUsd(money(r.providerCostUsd()))
        .setCostVarianceUsd(money(r.costVarianceUsd()))
        .setCostShare(r.costShare().map(VarianceRecords::share).orElse(null))
        .setThresholdShare(share(a.threshold()))
        .setImportVersion(a.importVersion())
        .setDetectedTime(a.detectedTime())
        .setNotify(java.util.List.copyOf(a.channels()))
        .build();
  }

  private static BigDecimal money(BigDecimal d) {
    return d.setScale(MONEY_SCALE, RoundingMode.HALF_EVEN);
  }

  private static BigDecimal share(BigDecimal d) {
    return d.setScale(SHARE_SCALE, RoundingMode.HALF_EVEN);
  }
}
