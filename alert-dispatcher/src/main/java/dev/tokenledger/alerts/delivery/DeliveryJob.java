package dev.tokenledger.alerts.delivery;

import dev.tokenledger.alerts.alert.Alert;
import dev.tokenledger.alerts.alert.DeliveryKey;
import dev.tokenledger.alerts.alert.Digest;
import dev.tokenledger.alerts.alert.Variance;

/**
 * One delivery to one channel's worker: a breach's alert, a daily digest, or a reconciliation variance (exactly
 * one is set).
 *
 * @param partition the input slot the record was read from (the breach topic's partitions, then the variance
 *     topic's; -1 for a digest or a replay)
 */
public record DeliveryJob(Alert alert, Digest digest, Variance variance, DeliveryKey key, int partition) {

  public DeliveryJob {
    int set = (alert == null ? 0 : 1) + (digest == null ? 0 : 1) + (variance == null ? 0 : 1);
    if (set != 1) {
      throw new IllegalArgumentException("a delivery job carries an alert, a digest or a variance");
    }
  }

  public DeliveryJob(Alert alert, Digest digest, DeliveryKey key, int partition) {
    this(alert, digest, null, key, partition);
  }

  public DeliveryJob(Alert alert, DeliveryKey key, int partition) {
    this(alert, null, null, key, partition);
  }

  public static DeliveryJob digest(Digest digest, DeliveryKey key) {
    return new DeliveryJob(null, digest, null, key, -1);
  }

  public static DeliveryJob variance(Variance variance, DeliveryKey key, int partition) {
    return new DeliveryJob(null, null, variance, key, partition);
  }
}
