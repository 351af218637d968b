package dev.tokenledger.alerts.delivery;

import dev.tokenledger.alerts.alert.Alert;
import dev.tokenledger.alerts.alert.DeliveryKey;

/**
 * One (breach, channel) to deliver.
 *
 * @param partition the breach's input partition (jobs of a partition this process lost are dropped)
 */
public record DeliveryJob(Alert alert, DeliveryKey key, int partition) {}
