package dev.tokenledger.alerts.delivery;

import dev.tokenledger.alerts.alert.Alert;
import dev.tokenledger.alerts.alert.DeliveryKey;
import dev.tokenledger.alerts.alert.Digest;

/**
 * One delivery to one channel's worker: a breach's alert, or a daily digest (exactly one is set).
 *
 * @param partition the breach topic partition the alert was read from (-1 for a digest or a replay)
 */
public record DeliveryJob(Alert alert, Digest digest, DeliveryKey key, int partition) {

  public DeliveryJob {
    if ((alert == null) == (digest == null)) {
      throw new IllegalArgumentException("a delivery job carries an alert or a digest");
    }
  }

  public DeliveryJob(Alert alert, DeliveryKey key, int partition) {
    this(alert, null, key, partition);
  }

  public static DeliveryJob digest(Digest digest, DeliveryKey key) {
    return new DeliveryJob(null, digest, key, -1);
  }
}
