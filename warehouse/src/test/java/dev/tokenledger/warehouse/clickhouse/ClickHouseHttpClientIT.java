package dev.tokenledger.warehouse.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenledger.schemas.testing.StackEnv;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The client's session settings and failure kinds on the real server. */
class ClickHouseHttpClientIT {

  @Test
  void aReadOnlySessionReadsButCannotWrite() {
    ClickHouseHttpClient reader = new ClickHouseHttpClient(ClickHouseEndpoint.of(StackEnv.clickhouseUrl(), "system"), Map.of("readonly", "1"));
    assertThat(TsvTable.parse(reader.query("SELECT 1 AS ok FORMAT TabSeparatedWithNames")).rows()).containsExactly(java.util.List.of("1"));
    assertThatThrownBy(() -> reader.execute("CREATE DATABASE " + StackEnv.unique("tl_readonly")))
        .isInstanceOf(ClickHouseException.class)
        .satisfies(e -> assertThat(((ClickHouseException) e).code()).hasValue(164));
  }

  @Test
  void anUnknownDatabaseIsAFailureWithTheServersMessageAndNoServerIsUnavailable() {
    ClickHouseHttpClient missing = new ClickHouseHttpClient(ClickHouseEndpoint.of(StackEnv.clickhouseUrl(), "tl_no_such_db"));
    assertThatThrownBy(() -> missing.query("SELECT 1 FORMAT TabSeparated"))
        .isInstanceOf(ClickHouseException.Failed.class).hasMessageContaining("tl_no_such_db");
    ClickHouseHttpClient nowhere = new ClickHouseHttpClient(
        new ClickHouseEndpoint(URI.create("http://127.0.0.1:1"), "system", "default", "", Duration.ofSeconds(2)));
    assertThatThrownBy(() -> nowhere.query("SELECT 1 FORMAT TabSeparated"))
        .isInstanceOf(ClickHouseException.Unavailable.class).hasMessageContaining("unreachable");
  }

  @Test
  void aQueryRunsUnderItsIdWithPerQuerySettingsInAReadOnlySession() {
    ClickHouseHttpClient reader = new ClickHouseHttpClient(ClickHouseEndpoint.of(StackEnv.clickhouseUrl(), "system"), Map.of("readonly", "1"));
    String id = StackEnv.unique("tl_query_id");
    assertThat(reader.query("SELECT query_id FROM system.processes WHERE query_id = '" + id + "' FORMAT TabSeparated", id,
        Map.of("max_memory_usage", "123456789"))).isEqualTo(id + "\n");
    assertThatThrownBy(() -> reader.query("SELECT count() FROM system.numbers FORMAT TabSeparated", StackEnv.unique("tl_limit"),
        Map.of("max_rows_to_read", "1000")))
        .isInstanceOf(ClickHouseException.class)
        .satisfies(e -> assertThat(((ClickHouseException) e).code()).hasValue(158));
    assertThatThrownBy(() -> reader.query("SELECT 1", id, Map.of("max_rows_to_read&readonly", "0")))
        .hasMessageContaining("is not a setting name");
  }

  @Test
  void theServerReadsTheCredentialHeaders() {
    java.net.URI url = java.net.URI.create(StackEnv.clickhouseUrl());
    ClickHouseHttpClient wrongPassword = new ClickHouseHttpClient(
        new ClickHouseEndpoint(url, "system", "default", "not-the-password", java.time.Duration.ofSeconds(10)));
    assertThatThrownBy(() -> wrongPassword.query("SELECT 1 FORMAT TabSeparated")).isInstanceOf(ClickHouseException.class)
        .hasMessageContaining("Wrong password for user default");
    ClickHouseHttpClient unknownUser = new ClickHouseHttpClient(
        new ClickHouseEndpoint(url, "system", "tl_no_such_user", "", java.time.Duration.ofSeconds(10)));
    assertThatThrownBy(() -> unknownUser.query("SELECT 1 FORMAT TabSeparated")).hasMessageContaining("tl_no_such_user");
    ClickHouseHttpClient named = new ClickHouseHttpClient(
        new ClickHouseEndpoint(url, "system", "default", "", java.time.Duration.ofSeconds(10)));
    assertThat(named.query("SELECT 1 FORMAT TabSeparated")).isEqualTo("1\n");
  }
}
