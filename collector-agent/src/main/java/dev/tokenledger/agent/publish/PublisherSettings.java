package dev.tokenledger.agent.publish;

import java.time.Duration;
import java.util.Map;

/**
 * What the publisher needs.
 *
 * @param bootstrapServers Kafka
 * @param registryUrl Schema Registry
 * @param topic the usage-events topic
 * @param agentInstanceId this state directory's id: names the transactional id and the group that
 *     holds the publish cursor
 * @param batchSize events per transaction
 * @param requestTimeout how long one Kafka or registry call may block
 * @param extra further producer properties
 */
public record PublisherSettings(String bootstrapServers, String registryUrl, String topic, String agentInstanceId,
    int batchSize, Duration requestTimeout, Map<String, String> extra) {

  public String transactionalId() {
    return "tokenledger-agent-" + agentInstanceId;
  }

  /** The consumer group whose committed offset on partition 0 of the topic is the last published spool sequence. */
  public String cursorGroup() {
    return "tokenledger-agent-" + agentInstanceId;
  }
}
