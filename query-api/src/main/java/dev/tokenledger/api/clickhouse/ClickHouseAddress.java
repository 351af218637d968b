package dev.tokenledger.api.clickhouse;

import java.util.Objects;
import java.util.Optional;

/**
 * How to reach ClickHouse over HTTP.
 *
 * @param url base URL, e.g. http://127.0.0.1:8123
 * @param user user name, if not the server default
 * @param password password, if any
 */
public record ClickHouseAddress(String url, Optional<String> user, Optional<String> password) {

  public ClickHouseAddress {
    Objects.requireNonNull(url, "url");
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      throw new IllegalArgumentException("ClickHouse URL must start with http:// or https://: " + url);
    }
  }
}
