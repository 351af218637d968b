package dev.tokenledger.agent.publish;

import dev.tokenledger.agent.spool.Spool;
import dev.tokenledger.agent.spool.SpoolRecord;
import dev.tokenledger.schemas.registry.CachingSchemaRegistry;
import dev.tokenledger.schemas.registry.RegistryConfig;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the spool into Kafka, in spool order, exactly once.
 *
 * <p>Each batch is one Kafka transaction that also commits the batch's last spool sequence as the
 * offset of the agent's own cursor group ({@code sendOffsetsToTransaction}), so "these events are
 * in the topic" and "the cursor is past them" become visible atomically. After any failure (Kafka or
 * the registry unreachable, a timeout, a crash of the agent) the producer is recreated:
 * {@code initTransactions} aborts or completes the unfinished transaction of the previous
 * incarnation, and the cursor is read back from Kafka before anything is re-sent. Only then are spool
 * segments released. Events are keyed by event id and encoded in the Confluent wire format with the
 * schema id from the registry. Retries back off exponentially under the shared retry policy (0.5 s up to
 * 5 s; up to a minute when the broker refuses the records' timestamps because this machine's clock is
 * ahead of it, which needs an operator: {@link PublishFailure#retryPolicy()}).
 *
 * <p>The cursor's metadata names the spool's epoch; a cursor of another epoch is ignored, one beyond
 * the spool's durable records stops publishing ({@link PublishCursor}). The agent never creates the
 * topic: while it is missing, events wait in the spool and the publisher retries (ADR 0133).
 *
 * <p>The Kafka client properties are {@link PublisherClientProperties}, the wire-format record values
 * {@link WireFormatValues}.
 */
public final class SpoolPublisher implements Runnable, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SpoolPublisher.class);

  private final Spool spool;
  private final PublisherSettings settings;
  private final TopicPartition cursorPartition;
  private final AtomicLong published = new AtomicLong();
  private final AtomicReference<String> lastError = new AtomicReference<>();
  private final AtomicLong lastPublishedAt = new AtomicLong(-1);
  private final Object sleeper = new Object();
  private volatile boolean stopped;
  private volatile boolean connected;
  private KafkaProducer<byte[], byte[]> producer;
  private WireFormatValues values;
  private final String cursorMetadata;
  private String foreignCursorLogged;
  private volatile String stoppedReason;
  private volatile PublishFailure.Kind lastFailureKind;
  private final Clock recordClock;

  public SpoolPublisher(Spool spool, PublisherSettings settings) {
    this(spool, settings, Clock.systemUTC());
  }

  /**
   * @param recordClock the clock that stamps the records (this machine's clock; a test can set it ahead
   *     of the broker's to see how a topic with {@code message.timestamp.type=CreateTime} answers)
   */
  public SpoolPublisher(Spool spool, PublisherSettings settings, Clock recordClock) {
    this.recordClock = recordClock;
    this.spool = spool;
    this.settings = settings;
    this.cursorPartition = new TopicPartition(settings.topic(), 0);
    this.cursorMetadata = PublishCursor.metadata(spool.epoch());
  }

  @Override
  public void run() {
    int failures = 0; // consecutive, since the last batch went out
    while (!stopped) {
      try {
        if (producer == null) {
          connect();
        }
        List<SpoolRecord> batch = spool.read(spool.ackedSeq(), settings.batchSize(), 1000);
        if (batch.isEmpty()) {
          working();
          continue;
        }
        publish(batch);
        working();
        failures = 0;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (PublishingStoppedException e) {
        stoppedReason = e.getMessage();
        lastError.set(e.getMessage());
        LOG.error("publishing stopped, events stay in the spool: {}", e.getMessage());
        break;
      } catch (Exception e) {
        PublishFailure failure = PublishFailure.classify(e, settings.topic());
        String message = failure.message();
        if (!message.equals(lastError.getAndSet(message))) {
          LOG.warn("publishing paused, events stay in the spool: {}", message);
        }
        lastFailureKind = failure.kind();
        disconnect();
        failures = failures == Integer.MAX_VALUE ? failures : failures + 1;
        pause(failure.backoff(failures).toMillis());
      }
    }
    disconnect();
  }

  private void connect() throws Exception {
    int timeout = (int) settings.requestTimeout().toMillis();
    try (Admin a = Admin.create(PublisherClientProperties.admin(settings, timeout))) {
      requireTopic(a, timeout);
      values = new WireFormatValues(CachingSchemaRegistry.connect(
          RegistryConfig.of(settings.registryUrl()).withRetries(2, Duration.ofMillis(200), Duration.ofSeconds(1))
              .withTimeout(settings.requestTimeout())), settings.topic());
      values.header(""); // the current schema, registered before anything is sent
      KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(PublisherClientProperties.producer(settings, timeout));
      try {
        p.initTransactions();
      } catch (RuntimeException e) {
        p.close(Duration.ZERO);
        throw e;
      }
      producer = p;
      // only now is the previous incarnation's last transaction settled: read the cursor it left
      Map<TopicPartition, OffsetAndMetadata> committed = a.listConsumerGroupOffsets(settings.cursorGroup(),
              new ListConsumerGroupOffsetsOptions().requireStable(true))
          .partitionsToOffsetAndMetadata().get(timeout, TimeUnit.MILLISECONDS);
      OffsetAndMetadata cursor = committed.get(cursorPartition);
      PublishCursor c = PublishCursor.interpret(cursor == null ? null : cursor.offset(),
          cursor == null ? null : cursor.metadata(), spool.epoch(), spool.predatesEpochs(), spool.ackedSeq(),
          spool.durableSeq());
      switch (c.kind()) {
        case ACK -> spool.ack(c.ackUpTo());
        case FOREIGN -> {
          if (!c.message().equals(foreignCursorLogged)) {
            LOG.warn("{} (group {})", c.message(), settings.cursorGroup());
            foreignCursorLogged = c.message();
          }
        }
        case AHEAD -> throw new PublishingStoppedException(c.message() + " (group " + settings.cursorGroup() + ")");
        default -> { }
      }
    }
    connected = true;
  }

  /**
   * Publishing works again (a batch went out, or there is nothing to send on a good connection). Only
   * then is the last error cleared: a broker that accepts the connection but refuses every batch (the
   * clock case) must not make {@code status} flap between "ok" and the error.
   */
  private void working() {
    String was = lastError.getAndSet(null);
    lastFailureKind = null;
    if (was != null) {
      LOG.info("publishing resumed; {} events waiting in the spool", spool.depth());
    }
  }

  /** The agent never creates topics (ADR 0133): without the topic, events wait in the spool. */
  private void requireTopic(Admin a, int timeout) throws Exception {
    try {
      a.describeTopics(List.of(settings.topic())).allTopicNames().get(timeout, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        throw new TopicMissingException(settings.topic());
      }
      throw e;
    }
  }

  private void publish(List<SpoolRecord> batch) throws ExecutionException, InterruptedException {
    producer.beginTransaction();
    AtomicReference<Exception> failed = new AtomicReference<>();
    for (SpoolRecord r : batch) {
      byte[] value = values.value(r);
      byte[] key = r.eventId().toString().getBytes(StandardCharsets.UTF_8);
      Future<RecordMetadata> sent = producer.send(new ProducerRecord<>(settings.topic(), null, recordClock.millis(), key,
          value), (m, e) -> {
        if (e != null) {
          failed.compareAndSet(null, e);
        }
      });
      if (sent.isDone()) {
        sent.get(); // a metadata timeout fails the send at once: stop instead of waiting once per record
      }
      if (failed.get() != null) {
        throw new ExecutionException("send failed", failed.get());
      }
    }
    long last = batch.get(batch.size() - 1).seq();
    producer.sendOffsetsToTransaction(Map.of(cursorPartition, new OffsetAndMetadata(last, cursorMetadata)),
        new ConsumerGroupMetadata(settings.cursorGroup()));
    producer.commitTransaction();
    try {
      spool.ack(last);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e); // Kafka holds the cursor; the next connect re-reads it
    }
    published.addAndGet(batch.size());
    lastPublishedAt.set(System.currentTimeMillis());
  }

  private void disconnect() {
    connected = false;
    if (producer != null) {
      try {
        producer.close(Duration.ZERO);
      } catch (RuntimeException e) {
        LOG.debug("closing producer", e);
      }
      producer = null;
    }
  }

  private void pause(long millis) {
    synchronized (sleeper) {
      if (!stopped) {
        try {
          sleeper.wait(millis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          stopped = true;
        }
      }
    }
  }


  /** Events published by this instance. */
  public long published() {
    return published.get();
  }

  public boolean connected() {
    return connected;
  }

  /** The last failure, or null while publishing works. */
  public String lastError() {
    return lastError.get();
  }

  /** The kind of the last failure, or null while publishing works. */
  public PublishFailure.Kind lastFailureKind() {
    return lastError.get() == null ? null : lastFailureKind;
  }

  /** Why publishing stopped for good (needs an operator), or null. */
  public String stoppedReason() {
    return stoppedReason;
  }

  public long lastPublishedAt() {
    return lastPublishedAt.get();
  }

  @Override
  public void close() {
    stopped = true;
    synchronized (sleeper) {
      sleeper.notifyAll();
    }
  }
}
