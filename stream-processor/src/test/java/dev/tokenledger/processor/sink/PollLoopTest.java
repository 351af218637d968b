package dev.tokenledger.processor.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.events.RejectedEvent;
import dev.tokenledger.schemas.Topics;
import dev.tokenledger.schemas.serde.AvroSerde;
import dev.tokenledger.schemas.testing.InMemorySchemaRegistry;
import dev.tokenledger.warehouse.clickhouse.RetryPolicy;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The consumer thread's loop on a mock consumer, with the batch age measured on an injected clock. */
class PollLoopTest {

  private final Topics topics = Topics.withPrefix("t.");
  private final TopicPartition tp = new TopicPartition(topics.priced(), 0);
  private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
  private final AvroSerde<PricedUsage> serde = AvroSerde.forValue(PricedUsage.class, registry);
  private final SinkMetrics metrics = new SinkMetrics();
  private final RecordRouter router = new RecordRouter(topics, serde, null, new UsageRows(ZoneOffset.UTC), null,
      new InsertLedger(null, null), null, metrics);
  private final AtomicInteger polls = new AtomicInteger();
  private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest") {
    @Override
    public synchronized ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
      polls.incrementAndGet();
      return super.poll(timeout);
    }
  };
  private final OffsetCommitter committer = new OffsetCommitter(consumer);
  private final List<Integer> inserted = new CopyOnWriteArrayList<>();
  private final BatchFlusher flusher = new BatchFlusher(committer, batch -> {
    inserted.add(batch.usage.size());
    return new int[] {batch.usage.size(), 0};
  }, new RejectPublisher(new MockProducer<String, RejectedEvent>(true, null, new StringSerializer(), (t, v) -> new byte[0]),
      "rejected", Clock.systemUTC()), metrics, () -> false);
  private final DecoderPool decoders = new DecoderPool(1, 10_000);
  private final AtomicLong nanos = new AtomicLong();
  /** What the current batch held at the start of each poll after the first. */
  private final List<Integer> pendingAtPoll = new CopyOnWriteArrayList<>();

  @BeforeEach
  void assign() {
    consumer.assign(List.of(tp));
    consumer.updateBeginningOffsets(Map.of(tp, 0L));
    committer.assigned(tp, 0);
  }

  @AfterEach
  void close() {
    flusher.close();
    decoders.close();
  }

  private PollLoop loop(int maxRows, Duration maxDelay, int maxPolls) {
    return new PollLoop(consumer, flusher, decoders, router, new SinkSettings.BatchSettings(maxRows, maxDelay),
        new RetryPolicy(Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(1)), metrics,
        () -> polls.get() < maxPolls, nanos::get, d -> {});
  }

  private void publish(int n) {
    for (int i = 0; i < n; i++) {
      PricedUsage p = PricedEvents.priced("evt-" + i, Instant.parse("2026-11-20T10:00:00Z"), BigDecimal.ONE);
      consumer.addRecord(new ConsumerRecord<>(tp.topic(), tp.partition(), i, new byte[0], serde.encode(tp.topic(), p)));
    }
  }

  /** At the start of the next poll, notes how many records the current batch holds, then runs {@code then}. */
  private void atNextPoll(Runnable then) {
    consumer.schedulePollTask(() -> {
      pendingAtPoll.add(flusher.current().records());
      then.run();
    });
  }

  private Long committed() {
    OffsetAndMetadata o = consumer.committed(Set.of(tp)).get(tp);
    return o == null ? null : o.offset();
  }

  @Test
  void aBatchIsHandedToTheWriterAsSoonAsItHoldsMaxRowsRows() {
    publish(5);
    consumer.scheduleNopPollTask();
    atNextPoll(() -> {});
    loop(3, Duration.ofHours(1), 2).run();
    assertThat(pendingAtPoll).containsExactly(0);
    assertThat(inserted).containsExactly(5);
    assertThat(committed()).isEqualTo(5);
  }

  @Test
  void aBatchIsHandedToTheWriterWhenItsFirstRecordIsMaxDelayOld() {
    publish(2);
    consumer.scheduleNopPollTask();
    atNextPoll(() -> nanos.addAndGet(Duration.ofSeconds(1).toNanos() - 1));
    atNextPoll(() -> nanos.addAndGet(1));
    atNextPoll(() -> {});
    loop(100, Duration.ofSeconds(1), 4).run();
    assertThat(pendingAtPoll).containsExactly(2, 2, 0);
    assertThat(inserted).containsExactly(2);
    assertThat(committed()).isEqualTo(2);
  }

  @Test
  void aStopRequestEndsTheLoopAfterWritingAndCommittingWhatItHolds() {
    publish(2);
    consumer.scheduleNopPollTask();
    consumer.schedulePollTask(consumer::wakeup);   // the second poll is woken up (SinkApp.stop)
    loop(100, Duration.ofHours(1), Integer.MAX_VALUE).run();
    assertThat(polls.get()).isEqualTo(2);
    assertThat(inserted).containsExactly(2);
    assertThat(committed()).isEqualTo(2);
    assertThat(metrics.committedBatches()).isEqualTo(1);
  }

  /** A router whose serde's registry refuses {@code refusals} schema fetches (Unavailable), then answers. */
  private RecordRouter routerWithRegistryDown(AtomicInteger refusals) {
    dev.tokenledger.schemas.registry.SchemaRegistry flaky = (dev.tokenledger.schemas.registry.SchemaRegistry)
        java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {dev.tokenledger.schemas.registry.SchemaRegistry.class}, (proxy, method, args) -> {
              if (method.getName().equals("schemaById") && refusals.getAndDecrement() > 0) {
                throw new dev.tokenledger.schemas.registry.SchemaRegistryException.Unavailable("registry down", 503, null);
              }
              try {
                return method.invoke(registry, args);
              } catch (java.lang.reflect.InvocationTargetException e) {
                throw e.getCause();
              }
            });
    return new RecordRouter(topics, AvroSerde.forValue(PricedUsage.class, flaky), null, new UsageRows(ZoneOffset.UTC), null,
        new InsertLedger(null, null), null, metrics);
  }

  private PollLoop loop(RecordRouter with, List<Duration> waits, int maxPolls) {
    return new PollLoop(consumer, flusher, decoders, with, new SinkSettings.BatchSettings(100, Duration.ofHours(1)),
        new RetryPolicy(Duration.ofMillis(10), Duration.ofMillis(40), Duration.ofSeconds(1)), metrics,
        () -> polls.get() < maxPolls, nanos::get, d -> {
          waits.add(d);
          nanos.addAndGet(d.toNanos());
        });
  }

  @Test
  void aRecordWhoseSchemaTheRegistryCannotServeIsRetriedWithBackoffThenWritten() {
    publish(1);
    consumer.scheduleNopPollTask();
    List<Duration> waits = new CopyOnWriteArrayList<>();
    loop(routerWithRegistryDown(new AtomicInteger(4)), waits, 2).run();
    assertThat(waits).isNotEmpty().allSatisfy(w -> assertThat(w).isBetween(Duration.ofMillis(10), Duration.ofMillis(40)));
    assertThat(inserted).containsExactly(1);
    assertThat(committed()).isEqualTo(1);
  }

  @Test
  void aRegistryDownPastGiveUpAfterStopsTheSinkInsteadOfRejectingTheRecord() {
    publish(1);
    consumer.scheduleNopPollTask();
    List<Duration> waits = new CopyOnWriteArrayList<>();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> loop(routerWithRegistryDown(new AtomicInteger(Integer.MAX_VALUE)),
        waits, 2).run()).isInstanceOf(SinkFailure.class).hasMessageContaining("schema registry unavailable after");
    // waited up to the give-up time of real (injected) time, never past it
    assertThat(waits.stream().map(Duration::toMillis).reduce(0L, Long::sum)).isBetween(900L, 1000L);
    assertThat(inserted).isEmpty();
    assertThat(committed()).isNull();
  }
}
