package dev.tokenledger.alerts.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code [warehouse]}: where the Slack messages' top contributors are read (off when no URL is set). Its
 * text form masks the URL's path and the password.
 *
 * @param timeout the longest a Slack delivery waits for the contributors (also the query's
 *     {@code max_execution_time}, in whole seconds rounded up)
 */
public record WarehouseSettings(SecretUrl url, String database, String user, Optional<Secret> password, Duration timeout) {

  public WarehouseSettings {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(timeout, "timeout");
  }

  @Override
  public String toString() {
    return url + " database " + database + " user " + user + password.map(p -> " password " + p).orElse("")
        + ", timeout " + timeout.toMillis() + " ms";
  }
}
