package dev.tokenledger.reconciliation.cli;

import dev.tokenledger.settings.Durations;
import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code --alert} and its {@code --timeout}: publish the rows over the threshold for the alert dispatcher. */
final class AlertOptions {

  @Option(names = "--alert", description = "publish the rows over reconcile.alert_share to the alert dispatcher "
      + "(topic reconciliation.variances.v1); exit " + VarianceAlerting.KAFKA_UNAVAILABLE + " when Kafka does not take them")
  boolean alert;

  @Option(names = "--timeout", defaultValue = "30s", description = "with --alert: the longest wait for Kafka and the "
      + "registry (default 30s)")
  String timeout;

  Duration timeout() {
    try {
      Duration d = Durations.parse(timeout);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("must be positive");
      }
      return d;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("--timeout '" + timeout + "' is not a duration such as 30s or 2m");
    }
  }
}
