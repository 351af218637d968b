package dev.tokenledger.warehouse.clickhouse;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Where the warehouse is.
 *
 * @param url the HTTP interface, e.g. {@code http://127.0.0.1:18123}
 * @param database the database holding the product's tables
 * @param user user name ({@code default} when none is configured)
 * @param password password ("" for none)
 * @param requestTimeout upper bound of one HTTP request (an insert of a full batch included)
 */
public record ClickHouseEndpoint(URI url, String database, String user, String password, Duration requestTimeout) {

  public ClickHouseEndpoint {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    if (!isIdentifier(database)) {
      throw new IllegalArgumentException("ClickHouse database '" + database + "' must match [A-Za-z_][A-Za-z0-9_]*");
    }
    String scheme = url.getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new IllegalArgumentException("ClickHouse url '" + redacted(url) + "' must be http:// or https://");
    }
    if (url.getRawUserInfo() != null || (url.getRawQuery() != null
        && url.getRawQuery().matches("(?i)(.*&)?(user|password)=.*"))) {
      throw new IllegalArgumentException("ClickHouse url '" + redacted(url) + "' must not carry credentials: set the user"
          + " and password as settings (they are sent as X-ClickHouse-User / X-ClickHouse-Key headers)");
    }
  }

  public static ClickHouseEndpoint of(String url, String database) {
    return new ClickHouseEndpoint(URI.create(url), database, "default", "", Duration.ofSeconds(60));
  }

  /** The URL without user info and query (which may hold a password), for messages. */
  private static String redacted(URI url) {
    return url.getScheme() + "://" + (url.getHost() == null ? "?" : url.getHost()) + (url.getPort() < 0 ? "" : ":" + url.getPort())
        + (url.getRawPath() == null ? "" : url.getRawPath());
  }

  public static boolean isIdentifier(String s) {
    return s != null && s.matches("[A-Za-z_][A-Za-z0-9_]*");
  }

  @Override
  public String toString() {
    return "ClickHouseEndpoint[url=" + url + ", database=" + database + ", user=" + user
        + ", password=" + (password.isEmpty() ? "" : "***") + ", requestTimeout=" + requestTimeout + "]";
  }
}
