package dev.tokenledger.processor.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.schemas.testing.StackEnv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A normal stop (SIGTERM → {@link SinkApp#stop}) writes and commits what it holds and exits 0, even when
 * stop requests wake the consumer inside the final commit (a shutdown may ask more than once) and
 * leaving the group fails afterwards.
 */
class SinkStopIT {

  @TempDir
  Path dir;

  private final InProcessSink sinkRun = new InProcessSink("sink_stop");

  @AfterEach
  void cleanUp() {
    sinkRun.close();
  }

  /** Counts the records polled; after a stop request, the next commits are woken up, and close fails. */
  static final class WakeupOnStopConsumer extends KafkaConsumer<byte[], byte[]> {
    final AtomicInteger polled = new AtomicInteger();
    final AtomicInteger wakeupsLeft = new AtomicInteger();
    volatile boolean stopRequested;

    WakeupOnStopConsumer(Properties p) {
      super(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
      ConsumerRecords<byte[], byte[]> records = super.poll(timeout);
      polled.addAndGet(records.count());
      return records;
    }

    @Override
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
      if (stopRequested && wakeupsLeft.getAndDecrement() > 0) {
        throw new WakeupException();
      }
      super.commitSync(offsets);
    }

    @Override
    public void close() {
      super.close();
      if (stopRequested) {
        throw new KafkaException("leaving the group failed (injected)");
      }
    }
  }

  @Test
  void aStopWhoseWakeupsLandInTheFinalCommitStillCommitsEverythingAndExitsZero() throws Exception {
    try (SinkFixture fx = new SinkFixture()) {
      List<PricedUsage> events = PricedEvents.batch("stop-", 60);
      fx.publishPriced(events);
      Path config = fx.writeConfig(dir, StackEnv.clickhouseUrl(), sinkRun.database, 10_000, "30s");
      Files.writeString(config, Files.readString(config).replace("max_delay = \"200ms\"", "max_delay = \"10m\""));
      WakeupOnStopConsumer[] consumer = new WakeupOnStopConsumer[1];
      SinkApp sink = new SinkApp(SinkFixture.settings(config), p -> consumer[0] = new WakeupOnStopConsumer(p));
      Future<Integer> exit = sinkRun.start(sink);

      // every record is read and held in the pending batch (max_delay is long): nothing committed yet
      await().atMost(Duration.ofSeconds(60)).until(() -> consumer[0] != null && consumer[0].polled.get() == events.size());
      assertThat(fx.lag()).isEqualTo(events.size());

      consumer[0].wakeupsLeft.set(2);
      consumer[0].stopRequested = true;
      sink.stop(Duration.ofSeconds(30));
      assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();
      assertThat(consumer[0].wakeupsLeft.get()).isNegative();   // both injected wakeups were thrown
      assertThat(fx.lag()).isZero();
      assertThat(sink.metrics().usageRows()).isEqualTo(events.size());
      assertThat(sinkRun.value("SELECT count() FROM usage_events")).isEqualTo(String.valueOf(events.size()));
    }
  }
}
