package dev.tokenledger.alerts.kafka;

import dev.tokenledger.alerts.config.AlertsSettings;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/** The Kafka client properties of the alerts role. */
final class AlertsKafka {

  private AlertsKafka() {}

  /** The breach consumer: the group, read_committed, offsets only committed within the producer's transactions. */
  static Properties breachConsumer(AlertsSettings s, long pid) {
    Properties p = common(s);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, s.kafka().groupId());
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, s.kafka().groupId() + "-" + pid);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
    p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) s.kafka().sessionTimeout().toMillis());
    return p;
  }

  /** The ledger reader: no group (assigned every partition), read_committed. */
  static Properties ledgerReader(AlertsSettings s, long pid) {
    Properties p = common(s);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, s.kafka().groupId() + "-ledger-" + pid);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
    return p;
  }

  /** The transactional producer of ledger records, dead letters and the consumer's offsets. */
  static Properties producer(AlertsSettings s) {
    Properties p = new Properties();
    p.putAll(s.kafka().connection().properties());
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, s.kafka().transactionalId());
    p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) s.kafka().transactionTimeout().toMillis());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return p;
  }

  private static Properties common(AlertsSettings s) {
    Properties p = new Properties();
    p.putAll(s.kafka().connection().properties());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // the breach topic is the stream processor's to create (partitions, retention): never auto-create it here
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    return p;
  }
}
