package dev.tokenledger.reconciliation;

import java.util.List;

/** Where variance alerts go for the alert dispatcher to deliver (Kafka, ADR 0802). */
public interface VariancePublisher extends AutoCloseable {

  /**
   * Publishes every alert and returns once all are acknowledged.
   *
   * @throws VariancePublishException the transport did not take them all in time (some may have been written:
   *     publishing again is harmless, the ids make repeats duplicates)
   */
  void publish(List<VarianceAlert> alerts);

  @Override
  void close();
}
