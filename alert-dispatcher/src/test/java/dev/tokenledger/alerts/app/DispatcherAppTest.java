package dev.tokenledger.alerts.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.alerts.config.Secret;
import dev.tokenledger.alerts.config.SecretUrl;
import dev.tokenledger.alerts.config.WarehouseSettings;
import dev.tokenledger.warehouse.clickhouse.ClickHouseEndpoint;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code [warehouse]} settings as the contributors' endpoint. */
class DispatcherAppTest {

  @Test
  void theWarehouseSettingsBecomeTheEndpointWithTheTimeoutAsItsRequestTimeout() {
    ClickHouseEndpoint e = DispatcherApp.endpoint(new WarehouseSettings(SecretUrl.parse("http://ch:8123"), "tl", "reader",
        Optional.of(new Secret("pw", "password")), Duration.ofSeconds(3)));
    assertThat(e.url().toString()).isEqualTo("http://ch:8123");
    assertThat(e.database()).isEqualTo("tl");
    assertThat(e.user()).isEqualTo("reader");
    assertThat(e.password()).isEqualTo("pw");
    assertThat(e.requestTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(DispatcherApp.endpoint(new WarehouseSettings(SecretUrl.parse("http://ch:8123"), "tl", "default",
        Optional.empty(), Duration.ofSeconds(5))).password()).isEmpty();
  }
}
