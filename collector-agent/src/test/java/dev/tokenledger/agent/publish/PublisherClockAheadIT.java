package dev.tokenledger.agent.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenledger.agent.AgentMain;
import dev.tokenledger.agent.event.EventIds;
import dev.tokenledger.agent.source.SourceEnvironment;
import dev.tokenledger.agent.spool.DedupIndex;
import dev.tokenledger.agent.spool.EventJournal;
import dev.tokenledger.agent.spool.Spool;
import dev.tokenledger.agent.testing.TopicContents;
import dev.tokenledger.events.SourceTool;
import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.schemas.Topics;
import dev.tokenledger.schemas.testing.StackEnv;
import dev.tokenledger.schemas.testing.UsageEvents;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A laptop whose clock is 3 hours fast, publishing to a topic that keeps the producer's timestamps
 * ({@code message.timestamp.type=CreateTime}, {@code message.timestamp.after.max.ms} = 1 h, Kafka 4's
 * default): the broker refuses every batch with InvalidTimestampException. The events must stay in the
 * spool, the publisher must keep running and say why, doctor must point at the topic's setting, and once
 * the operator sets {@code LogAppendTime} every event is published once. Shared stack, unique topic.
 */
class PublisherClockAheadIT {

  @TempDir
  Path tmp;

  final String prefix = StackEnv.unique("clockit") + ".";
  final String topic = Topics.withPrefix(prefix).usageEvents();
  final String instance = UUID.randomUUID().toString();

  @AfterEach
  void cleanUp() {
    TopicContents.cleanUp(StackEnv.bootstrapServers(), List.of(topic), List.of("tokenledger-agent-" + instance));
  }

  Admin admin() {
    Properties p = new Properties();
    p.put("bootstrap.servers", StackEnv.bootstrapServers());
    return Admin.create(p);
  }

  @Test
  void eventsWaitInTheSpoolWithAClearReasonUntilTheTopicStampsRecords() throws Exception {
    try (Admin a = admin()) {
      a.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty()).configs(Map.of(
          "message.timestamp.type", "CreateTime", "message.timestamp.after.max.ms", "3600000"))))
          .all().get(30, TimeUnit.SECONDS);
    }
    Set<String> ids = new HashSet<>();
    Spool spool = Spool.open(tmp.resolve("spool"), 1 << 30, UsageEvent.getClassSchema().toString());
    try (EventJournal journal = new EventJournal(spool, DedupIndex.open(tmp, spool), Clock.systemUTC())) {
      for (int i = 0; i < 25; i++) {
        String id = EventIds.of(SourceTool.CLAUDE_CODE, "clock-" + i);
        ids.add(id);
        journal.offer(UsageEvents.claude(id, Instant.now().minusSeconds(60)).build());
      }
      journal.commit();
      PublisherSettings settings = new PublisherSettings(StackEnv.bootstrapServers(), StackEnv.registryUrl(), topic,
          instance, 10, Duration.ofSeconds(5), Map.of());
      SpoolPublisher publisher = new SpoolPublisher(spool, settings, Clock.offset(Clock.systemUTC(), Duration.ofHours(3)));
      Thread thread = new Thread(publisher, "clock-ahead-publisher");
      thread.start();
      try {
        await().atMost(Duration.ofSeconds(60))
            .until(() -> publisher.lastFailureKind() == PublishFailure.Kind.CLOCK_AHEAD);
        assertThat(publisher.lastError()).startsWith("this machine's clock is ahead of the broker; ask the operator to set"
            + " message.timestamp.type=LogAppendTime on the topic " + topic);
        assertThat(spool.depth()).as("nothing lost, nothing acknowledged").isEqualTo(25);
        assertThat(spool.ackedSeq()).isZero();
        assertThat(thread.isAlive()).as("retrying, not stopped").isTrue();
        assertThat(publisher.stoppedReason()).isNull();
        assertThat(TopicContents.read(StackEnv.bootstrapServers(), StackEnv.registryUrl(), topic)).isEmpty();
        assertThat(doctor()).contains("[WARN] topic timestamps").contains("message.timestamp.type=CreateTime")
            .contains("more than 60 minutes ahead").contains("set message.timestamp.type=LogAppendTime");

        try (Admin a = admin()) { // the operator's fix
          ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, topic);
          a.incrementalAlterConfigs(Map.of(r, List.of(new AlterConfigOp(
              new ConfigEntry("message.timestamp.type", "LogAppendTime"), AlterConfigOp.OpType.SET))))
              .all().get(30, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> spool.depth() == 0);
        assertThat(publisher.lastError()).isNull();
        List<TopicContents.Entry> records = TopicContents.read(StackEnv.bootstrapServers(), StackEnv.registryUrl(), topic);
        assertThat(records).hasSize(25);
        assertThat(TopicContents.keys(records)).isEqualTo(ids);
        assertThat(doctor()).contains("[PASS] topic timestamps");
      } finally {
        publisher.close();
        thread.join(10_000);
      }
    }
  }

  private String doctor() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Map<String, String> env = Map.of("TOKENLEDGER_BOOTSTRAP_SERVERS", StackEnv.bootstrapServers(),
        "TOKENLEDGER_REGISTRY_URL", StackEnv.registryUrl(), "TOKENLEDGER_TOPIC_PREFIX", prefix,
        "TOKENLEDGER_AGENT_STATE_DIR", tmp.resolve("doctor-state").toString(), "TOKENLEDGER_AGENT_INTAKE_PORT", "0");
    AgentMain.execute(new String[] {"doctor"}, List::of, new SourceEnvironment(env, tmp),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
    return out.toString(StandardCharsets.UTF_8);
  }
}
