package dev.tokenledger.alerts.channel;

import dev.tokenledger.alerts.alert.Alert;
import dev.tokenledger.alerts.alert.Digest;
import dev.tokenledger.alerts.alert.Variance;

/** Somewhere alerts are sent: one attempt per call; retrying, pacing and recording are the caller's. */
public interface Channel {

  /** The name budgets use in their {@code notify} list. */
  String name();

  /**
   * Sends {@code alert} once.
   *
   * @param idempotencyKey the same for every attempt of this (breach, channel)
   * @throws DeliveryException the attempt failed; {@link DeliveryException#retriable()} says whether another may succeed
   */
  void deliver(Alert alert, String idempotencyKey) throws DeliveryException;

  /**
   * Sends a daily digest once; a channel that has no digest form refuses it (not retried).
   *
   * @param idempotencyKey the same for every attempt of this (day, channel)
   */
  default void deliverDigest(Digest digest, String idempotencyKey) throws DeliveryException {
    throw new DeliveryException("channel " + name() + " sends no digests", false);
  }

  /**
   * Sends a reconciliation variance once; a channel that has no variance form refuses it (not retried).
   *
   * @param idempotencyKey the same for every attempt of this (variance, channel)
   */
  default void deliverVariance(Variance variance, String idempotencyKey) throws DeliveryException {
    throw new DeliveryException("channel " + name() + " sends no variances", false);
  }
}
