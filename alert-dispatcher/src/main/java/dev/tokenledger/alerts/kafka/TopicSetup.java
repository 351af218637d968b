package dev.tokenledger.alerts.kafka;

import dev.tokenledger.alerts.config.AlertsSettings.TopicSettings;
import dev.tokenledger.alerts.delivery.LedgerExpiry;
import java.time.Duration;
import java.util.ArrayList;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the role's own topics when missing: the delivery ledger (compacted: the latest state per
 * (breach, channel) is kept forever) and the dead letters (kept 90 days). The breach topic is the stream
 * processor's; existing topics are left alone.
 */
public final class TopicSetup {

  private static final long TIMEOUT_SECONDS = 60;

  private TopicSetup() {}

  /** Whether {@code topic} exists. */
  public static boolean exists(Admin admin, String topic) {
    try {
      return admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).contains(topic);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while listing topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot list topics: " + e.getMessage(), e);
    }
  }

  /**
   * Creates the variance topic when missing (the stream processor's topic provisioning and the first
   * {@code reconcile … --alert} create it too), with the catalogue's configs and the role's partitions.
   */
  public static List<String> ensureVariances(Admin admin, String topic, TopicSettings t) {
    try {
      if (admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).contains(topic)) {
        return List.of();
      }
      admin.createTopics(List.of(new NewTopic(topic, t.partitions(), t.replicationFactor())
          .configs(Map.of("cleanup.policy", "delete", "retention.ms", String.valueOf(90L * 24 * 3600 * 1000)))))
          .all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      return List.of(topic);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof TopicExistsException) {
        return List.of();
      }
      throw new IllegalStateException("cannot create topic " + topic + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("cannot create topic " + topic + ": " + e.getMessage(), e);
    }
  }

  public static List<String> ensure(Admin admin, TopicSettings t) {
    try {
      Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      List<NewTopic> missing = new ArrayList<>();
      if (!existing.contains(t.deliveries())) {
        missing.add(new NewTopic(t.deliveries(), t.partitions(), t.replicationFactor())
            .configs(Map.of("cleanup.policy", "compact")));
      }
      if (!existing.contains(t.deadLetter())) {
        missing.add(new NewTopic(t.deadLetter(), t.partitions(), t.replicationFactor())
            .configs(Map.of("cleanup.policy", "delete", "retention.ms", String.valueOf(90L * 24 * 3600 * 1000))));
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
      return created;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot create the alert topics: " + e.getMessage(), e);
    }
  }

  /**
   * How long settled pairs stay on the ledger: {@code topics.ledger_keep}, but never less than a breach
   * record can survive on the breach topic ({@code retention.ms} plus {@code segment.ms}, read from the
   * broker); zero (forever) when the breach topic keeps records forever or cannot be described.
   */
  public static Duration ledgerKeep(Admin admin, TopicSettings t) {
    ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, t.breaches());
    try {
      Config c = admin.describeConfigs(List.of(r)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(r);
      long retention = Long.parseLong(c.get("retention.ms").value());
      long segment = Long.parseLong(c.get("segment.ms").value());
      String policy = c.get("cleanup.policy").value();
      return policy.contains("delete") ? LedgerExpiry.safeKeep(t.ledgerKeep(), retention, segment) : Duration.ZERO;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Duration.ZERO;
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      return Duration.ZERO;
    }
  }
}
