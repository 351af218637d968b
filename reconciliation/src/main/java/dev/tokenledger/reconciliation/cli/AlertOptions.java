package dev.tokenledger.reconciliation.cli;

import dev.tokenledger.reconciliation.VariancePublisher;
import dev.tokenledger.reconciliation.config.ReconcileSettings;
import dev.tokenledger.reconciliation.kafka.KafkaVariancePublisher;
import dev.tokenledger.settings.Durations;
import java.time.Duration;
import java.util.function.Function;
import picocli.CommandLine.Option;

/** {@code --alert} and its {@code --timeout}: publish the rows over the threshold for the alert dispatcher. */
final class AlertOptions {

  @Option(names = "--alert", description = "publish the rows over reconcile.alert_share to the alert dispatcher "
      + "(topic reconciliation.variances.v1); exit " + VarianceAlerting.KAFKA_UNAVAILABLE + " when Kafka does not take them")
  boolean alert;

  @Option(names = "--timeout", defaultValue = "30s", description = "with --alert: the longest wait for Kafka and the "
      + "registry (default 30s)")
  String timeout;

  /** Where {@code --alert} publishes: Kafka, with {@code --timeout}. */
  Function<ReconcileSettings, VariancePublisher> publishers = s -> new KafkaVariancePublisher(s.kafka(), timeout());

  /** A bad {@code --timeout} is an error before anything is read, when it will be used. */
  void check() {
    if (alert) {
      timeout();
    }
  }

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
