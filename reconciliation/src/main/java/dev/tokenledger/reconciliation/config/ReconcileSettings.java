package dev.tokenledger.reconciliation.config;

import dev.tokenledger.reconciliation.Provider;
import dev.tokenledger.retry.RetryPolicy;
import dev.tokenledger.warehouse.clickhouse.ClickHouseEndpoint;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;

/**
 * The reconcile role's configuration, parsed once ({@link ReconcileSettingsParser}).
 *
 * @param orgId the ledger's {@code org_id} the providers' organisation reports belong to
 * @param alertShare the |cost share| above which {@code reconcile show} reports a day as over the threshold
 *     (and exits 3 with {@code --check})
 */
public record ReconcileSettings(String orgId, ClickHouseEndpoint clickhouse, Map<Provider, ProviderSettings> providers,
    RetryPolicy retry, BigDecimal alertShare) {

  public ReconcileSettings {
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(clickhouse, "clickhouse");
    providers = Map.copyOf(providers);
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(alertShare, "alertShare");
  }

  public ProviderSettings provider(Provider p) {
    return providers.get(p);
  }

  @Override
  public String toString() {
    return "org " + orgId + "\nclickhouse " + clickhouse + "\nanthropic " + providers.get(Provider.ANTHROPIC)
        + "\nopenai " + providers.get(Provider.OPENAI) + "\nretry " + retry + "\nalert share " + alertShare.toPlainString();
  }
}
