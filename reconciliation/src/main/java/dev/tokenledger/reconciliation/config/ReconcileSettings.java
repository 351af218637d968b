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
 *     (and exits 3 with {@code --check}, and publishes with {@code --alert})
 * @param alertChannels the alert dispatcher's channels named in every published variance (may be empty)
 * @param kafka where {@code --alert} publishes
 */
public record ReconcileSettings(String orgId, ClickHouseEndpoint clickhouse, Map<Provider, ProviderSettings> providers,
    RetryPolicy retry, BigDecimal alertShare, java.util.List<String> alertChannels, KafkaSettings kafka) {

  public ReconcileSettings {
    Objects.requireNonNull(orgId, "orgId");
    Objects.requireNonNull(clickhouse, "clickhouse");
    providers = Map.copyOf(providers);
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(alertShare, "alertShare");
    alertChannels = java.util.List.copyOf(alertChannels);
    Objects.requireNonNull(kafka, "kafka");
  }

  public ProviderSettings provider(Provider p) {
    return providers.get(p);
  }

  @Override
  public String toString() {
    return "org " + orgId + "\nclickhouse " + clickhouse + "\nanthropic " + providers.get(Provider.ANTHROPIC)
        + "\nopenai " + providers.get(Provider.OPENAI) + "\nretry " + retry + "\nalert share " + alertShare.toPlainString()
        + "\nalert channels " + alertChannels + "\nkafka " + kafka;
  }
}
