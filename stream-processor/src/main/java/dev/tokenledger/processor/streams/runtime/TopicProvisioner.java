package dev.tokenledger.processor.streams.runtime;

import dev.tokenledger.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the missing topics of the catalogue with the configs of {@link Topics#configFor}. Existing
 * topics are left alone (their partition count is the operator's decision). Idempotent: a topic another
 * instance created at the same moment is fine.
 */
public final class TopicProvisioner {

  private static final Logger LOG = LoggerFactory.getLogger(TopicProvisioner.class);
  private static final long TIMEOUT_SECONDS = 60;

  private final Admin admin;

  public TopicProvisioner(Admin admin) {
    this.admin = admin;
  }

  /**
   * The usage topic's {@code message.timestamp.type}, as the broker reports it. An agent on a machine
   * whose clock runs more than {@code log.message.timestamp.after.max.ms} ahead cannot write to a
   * CreateTime topic (ADR 0222).
   */
  public String timestampType(String topic) throws InterruptedException, ExecutionException, TimeoutException {
    ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    Config c = admin.describeConfigs(List.of(r)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(r);
    ConfigEntry e = c == null ? null : c.get(Topics.TIMESTAMP_TYPE);
    return e == null ? "CreateTime" : e.value();
  }

  /** Best effort: a cluster that refuses DescribeConfigs (ACLs) only loses the warning. */
  private void warnIfCreateTime(String topic) throws InterruptedException {
    String type;
    try {
      type = timestampType(topic);
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("cannot read the {} of topic {} ({}); it should be {}", Topics.TIMESTAMP_TYPE, topic, e.getMessage(),
          Topics.LOG_APPEND_TIME);
      return;
    }
    if (!Topics.LOG_APPEND_TIME.equals(type)) {
      LOG.warn("topic {} has {}={}: agents whose clock runs ahead of the broker's by more than"
          + " log.message.timestamp.after.max.ms cannot publish to it; set it to {} (kafka-configs --alter --entity-type"
          + " topics --entity-name {} --add-config {}={})", topic, Topics.TIMESTAMP_TYPE, type, Topics.LOG_APPEND_TIME, topic,
          Topics.TIMESTAMP_TYPE, Topics.LOG_APPEND_TIME);
    }
  }

  /** Creates what is missing; returns the names created. */
  public List<String> ensure(Topics topics, int partitions, short replicationFactor) {
    try {
      Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      for (String t : topics.all()) {
        if (!existing.contains(t)) {
          missing.add(new NewTopic(t, partitions, replicationFactor).configs(topics.configFor(t)));
        }
      }
      List<String> created = new ArrayList<>();
      for (var e : admin.createTopics(missing).values().entrySet()) {
        try {
          e.getValue().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
          created.add(e.getKey());
        } catch (ExecutionException ex) {
          if (!(ex.getCause() instanceof TopicExistsException)) {
            throw ex;
          }
        }
      }
      if (!created.isEmpty()) {
        LOG.info("created topics {} ({} partitions, replication {})", created, partitions, replicationFactor);
      }
      if (existing.contains(topics.usageEvents())) {
        warnIfCreateTime(topics.usageEvents());
      }
      return created;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create the topics of " + topics + ": " + e.getMessage(), e);
    }
  }
}
