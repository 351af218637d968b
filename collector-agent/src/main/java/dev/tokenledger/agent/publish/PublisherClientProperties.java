package dev.tokenledger.agent.publish;

import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The Kafka client properties of the publisher: the operator's extra properties (TLS, SASL, tuning)
 * first, then what the agent fixes (bootstrap servers, transactional id, idempotence, {@code acks=all},
 * serializers, timeouts from {@code publish.request-timeout}); a few tuning defaults apply only where
 * the operator set nothing.
 */
final class PublisherClientProperties {

  private PublisherClientProperties() {}

  /** The admin client's properties (topic check, reading the cursor). */
  static Properties admin(PublisherSettings settings, int timeoutMillis) {
    Properties admin = new Properties();
    admin.putAll(settings.extra());
    admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMillis);
    admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMillis);
    return admin;
  }

  /** The transactional producer's properties. */
  static Properties producer(PublisherSettings settings, int timeout) {
    Properties p = new Properties();
    p.putAll(settings.extra());
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId());
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2 * timeout + 10);
    // an agent that dies (or a laptop that sleeps) mid-transaction holds back read_committed readers of
    // that partition until the broker aborts it: keep this short; a batch normally commits in < 1 s
    p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Math.max(2 * timeout, 10_000));
    p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    p.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, settings.transactionalId());
    return p;
  }
}
