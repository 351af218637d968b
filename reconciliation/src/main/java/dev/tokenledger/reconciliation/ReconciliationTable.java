package dev.tokenledger.reconciliation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The reconciliation as a table: the columns every output (terminal, JSON, CSV) shows, in order, and
 * which rows pass the alert threshold. A share that does not exist (the provider's figure is zero) is
 * {@code null}; such a row is over the threshold when its variance is not zero.
 */
public final class ReconciliationTable {

  public static final List<String> COLUMNS = List.of("day", "provider", "model", "subject", "status",
      "ledger_input_tokens", "provider_input_tokens", "ledger_output_tokens", "provider_output_tokens",
      "ledger_cache_write_tokens", "provider_cache_write_tokens", "ledger_cache_read_tokens", "provider_cache_read_tokens",
      "ledger_tokens", "provider_tokens", "token_variance", "token_share",
      "ledger_cost_usd", "provider_cost_usd", "cost_variance_usd", "cost_share", "over_threshold");

  private final BigDecimal threshold;

  public ReconciliationTable(BigDecimal threshold) {
    this.threshold = Objects.requireNonNull(threshold, "threshold");
  }

  public BigDecimal threshold() {
    return threshold;
  }

  /** Over the threshold: |token share| or |cost share| above it, or a variance where no share exists. */
  public boolean overThreshold(ReconciliationRow r) {
    return over(r.tokenShare(), r.tokenVariance() != 0) || over(r.costShare(), r.costVarianceUsd().signum() != 0);
  }

  private boolean over(Optional<BigDecimal> share, boolean variance) {
    return share.map(s -> s.abs().compareTo(threshold) > 0).orElse(variance);
  }

  /** One row's values by column; numbers as {@link Long} or {@link BigDecimal}, a missing share as null. */
  public Map<String, Object> values(ReconciliationRow r) {
    List<Object> v = new ArrayList<>(COLUMNS.size());
    v.add(r.day().toString());
    v.add(r.provider().id());
    v.add(r.model());
    v.add(r.subject());
    v.add(r.status().id());
    v.add(r.ledgerTokens().input());
    v.add(r.providerTokens().input());
    v.add(r.ledgerTokens().output());
    v.add(r.providerTokens().output());
    v.add(r.ledgerTokens().cacheWrite());
    v.add(r.providerTokens().cacheWrite());
    v.add(r.ledgerTokens().cacheRead());
    v.add(r.providerTokens().cacheRead());
    v.add(r.ledgerTokens().total());
    v.add(r.providerTokens().total());
    v.add(r.tokenVariance());
    v.add(r.tokenShare().orElse(null));
    v.add(r.ledgerCostUsd().stripTrailingZeros());
    v.add(r.providerCostUsd().stripTrailingZeros());
    v.add(r.costVarianceUsd().stripTrailingZeros());
    v.add(r.costShare().orElse(null));
    v.add(overThreshold(r));
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < COLUMNS.size(); i++) {
      out.put(COLUMNS.get(i), v.get(i));
    }
    return out;
  }
}
