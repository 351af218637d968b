package dev.tokenledger.processor.streams.runtime;

import dev.tokenledger.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
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
      return created;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create the topics of " + topics + ": " + e.getMessage(), e);
    }
  }
}
