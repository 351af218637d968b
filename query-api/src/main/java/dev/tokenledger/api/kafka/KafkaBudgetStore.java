package dev.tokenledger.api.kafka;

import dev.tokenledger.api.budget.BudgetDefinition;
import dev.tokenledger.api.budget.BudgetStore;
import dev.tokenledger.api.budget.BudgetStoreUnavailableException;
import dev.tokenledger.events.Budget;
import dev.tokenledger.settings.KafkaConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The budget definitions of every organisation, followed from the compacted budget topic into memory
 * (ADR 0404): a daemon thread assigns itself every partition, reads from the beginning
 * ({@code read_committed}) and keeps following; the store is ready once it has read up to the end
 * offsets it saw when it started. Writes go through an idempotent producer (acks=all) in the product's
 * Avro wire format; {@link #put} and {@link #delete} return once the record is acknowledged and read
 * back into the view (bounded by {@code writeTimeout}), so a read right after a write sees it. Until the
 * store is ready, and while Kafka or the schema registry cannot take a write, the calls throw
 * {@link BudgetStoreUnavailableException}.
 */
public final class KafkaBudgetStore implements BudgetStore, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaBudgetStore.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration RETRY = Duration.ofSeconds(2);

  private final KafkaConnection connection;
  private final String topic;
  private final Serde<Budget> serde;
  private final Duration writeTimeout;
  /** Kafka record key → budget: the latest value of every live key. */
  private final Map<String, BudgetDefinition> byKey = new ConcurrentHashMap<>();
  /** Partition → the next offset the view has not yet read. */
  private final Map<Integer, Long> readUpTo = new HashMap<>();
  private final Object progress = new Object();
  private final Thread follower;
  private volatile boolean ready;
  private volatile boolean closed;
  /** The consumer the follower reads with, while it has one (woken up to stop it: an interrupt would make Kafka log errors). */
  private volatile KafkaConsumer<String, byte[]> following;
  private volatile String problem = "starting";
  private KafkaProducer<String, byte[]> producer;

  /**
   * @param serde the product's Avro serde of {@link Budget} (value side)
   * @param writeTimeout how long a write may wait for the acknowledgement and for its read-back
   */
  public KafkaBudgetStore(String bootstrapServers, String topic, Serde<Budget> serde, Duration writeTimeout) {
    this(KafkaConnection.plaintext(bootstrapServers), topic, serde, writeTimeout);
  }

  /** A store following {@code topic} over {@code connection} (bootstrap servers and security). */
  public KafkaBudgetStore(KafkaConnection connection, String topic, Serde<Budget> serde, Duration writeTimeout) {
    this.connection = connection;
    this.topic = topic;
    this.serde = serde;
    this.writeTimeout = writeTimeout;
    this.follower = new Thread(this::follow, "budget-store-" + topic);
    this.follower.setDaemon(true);
  }

  /** Starts following the topic; returns at once (see {@link #awaitReady}). */
  public KafkaBudgetStore start() {
    follower.start();
    return this;
  }

  /** Waits up to {@code timeout} for the store to have caught up; true when it has. */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (progress) {
      while (!ready && !closed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(progress, left);
      }
    }
    return ready;
  }

  public boolean ready() {
    return ready;
  }

  @Override
  public List<BudgetDefinition> list(String orgId) {
    requireReady();
    List<BudgetDefinition> out = new ArrayList<>();
    Map<String, BudgetDefinition> seen = new HashMap<>();
    byKey.forEach((k, b) -> {
      if (b.orgId().equals(orgId)) {
        // a scoped key wins over an older record of the same budget under its bare id
        if (!seen.containsKey(b.id()) || k.equals(BudgetRecords.key(orgId, b.id()))) {
          seen.put(b.id(), b);
        }
      }
    });
    out.addAll(seen.values());
    out.sort(Comparator.comparing(BudgetDefinition::id));
    return out;
  }

  @Override
  public Optional<BudgetDefinition> find(String orgId, String budgetId) {
    requireReady();
    BudgetDefinition b = byKey.get(BudgetRecords.key(orgId, budgetId));
    if (b == null) {
      b = byKey.get(budgetId);
      if (b != null && !b.orgId().equals(orgId)) {
        b = null;
      }
    }
    return Optional.ofNullable(b);
  }

  @Override
  public void put(BudgetDefinition budget) {
    requireReady();
    byte[] value;
    try {
      value = serde.serializer().serialize(topic, BudgetRecords.toAvro(budget));
    } catch (RuntimeException e) {
      // the schema registry could not be reached (or refused the schema)
      throw new BudgetStoreUnavailableException("cannot encode the budget: " + e.getMessage(), e);
    }
    write(BudgetRecords.key(budget.orgId(), budget.id()), value);
  }

  @Override
  public boolean delete(String orgId, String budgetId) {
    Optional<BudgetDefinition> existing = find(orgId, budgetId);
    if (existing.isEmpty()) {
      return false;
    }
    String key = BudgetRecords.key(orgId, budgetId);
    write(key, null);
    if (byKey.containsKey(budgetId) && byKey.get(budgetId).orgId().equals(orgId)) {
      write(budgetId, null); // the same budget under its pre-scoped bare key
    }
    return true;
  }

  @Override
  public void close() {
    closed = true;
    KafkaConsumer<String, byte[]> c = following;
    if (c != null) {
      try {
        c.wakeup();
      } catch (RuntimeException alreadyClosed) {
        follower.interrupt();
      }
    } else {
      follower.interrupt();   // between attempts: ends the wait
    }
    try {
      follower.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      if (producer != null) {
        producer.close(Duration.ofSeconds(5));
      }
    }
    synchronized (progress) {
      progress.notifyAll();
    }
  }

  private void requireReady() {
    if (!ready) {
      throw new BudgetStoreUnavailableException("budget store not ready: " + problem);
    }
  }

  /** Sends one record (null value: a tombstone), waits for its acknowledgement, then for the view to have read it. */
  private void write(String key, byte[] value) {
    RecordMetadata ack;
    try {
      ack = producer().send(new ProducerRecord<>(topic, key, value)).get(writeTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BudgetStoreUnavailableException("interrupted while writing a budget", e);
    } catch (ExecutionException | TimeoutException | RuntimeException e) {
      throw new BudgetStoreUnavailableException("cannot write to " + topic + ": " + e, e);
    }
    long deadline = System.nanoTime() + writeTimeout.toNanos();
    synchronized (progress) {
      while (readUpTo.getOrDefault(ack.partition(), 0L) <= ack.offset()) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || closed) {
          LOG.warn("budget record {} at {}-{}@{} is written but not yet read back after {}", key, topic, ack.partition(), ack.offset(),
              writeTimeout);
          return;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(progress, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private synchronized KafkaProducer<String, byte[]> producer() {
    if (closed) {
      throw new BudgetStoreUnavailableException("the budget store is closed");
    }
    if (producer == null) {
      Properties p = new Properties();
      p.putAll(connection.properties());
      p.put(ProducerConfig.ACKS_CONFIG, "all");
      p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
      p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
      p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
      int timeout = (int) Math.max(2_000, writeTimeout.toMillis());
      p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
      p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
      p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
      p.put(ProducerConfig.CLIENT_ID_CONFIG, "tokenledger-api-budgets");
      producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }
    return producer;
  }

  private void follow() {
    while (!closed) {
      try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties(), new StringDeserializer(),
          new ByteArrayDeserializer())) {
        following = consumer;
        followWith(consumer);
      } catch (org.apache.kafka.common.errors.InterruptException | org.apache.kafka.common.errors.WakeupException e) {
        return;
      } catch (RuntimeException e) {
        if (closed) {
          return;
        }
        problem = "Kafka unreachable";
        LOG.warn("budget store cannot follow {} ({}); retrying in {} s", topic, e.toString(), RETRY.toSeconds());
      } finally {
        following = null;
      }
      try {
        Thread.sleep(RETRY.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void followWith(KafkaConsumer<String, byte[]> consumer) {
    List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
    if (infos == null || infos.isEmpty()) {
      throw new IllegalStateException("topic " + topic + " does not exist");
    }
    List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
    // a restart re-reads everything: start from an empty view but keep serving the old one until caught up
    Map<String, BudgetDefinition> fresh = ready ? null : new HashMap<>();
    Map<String, BudgetDefinition> target = fresh == null ? byKey : fresh;
    boolean caughtUp = ready;
    while (!closed) {
      for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
        apply(r, target);
      }
      synchronized (progress) {
        for (TopicPartition tp : partitions) {
          readUpTo.put(tp.partition(), consumer.position(tp));
        }
        if (!caughtUp && partitions.stream().allMatch(tp -> consumer.position(tp) >= ends.getOrDefault(tp, 0L))) {
          caughtUp = true;
          if (fresh != null) {
            byKey.keySet().retainAll(fresh.keySet());
            byKey.putAll(fresh);
          }
          target = byKey;
          ready = true;
          problem = "";
          LOG.info("budget store ready: {} budget(s) from {}", byKey.size(), topic);
        }
        progress.notifyAll();
      }
    }
  }

  private void apply(ConsumerRecord<String, byte[]> r, Map<String, BudgetDefinition> view) {
    if (r.key() == null) {
      return;
    }
    if (r.value() == null) {
      view.remove(r.key());
      return;
    }
    try {
      Budget b = serde.deserializer().deserialize(r.topic(), r.value());
      view.put(r.key(), BudgetRecords.fromAvro(b));
    } catch (RuntimeException e) {
      LOG.warn("skipping budget record {} at {}-{}@{}: {}", r.key(), r.topic(), r.partition(), r.offset(), e.toString());
    }
  }

  private Properties consumerProperties() {
    Properties p = new Properties();
    p.putAll(connection.properties());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    // never create the topic (it must be compacted): a missing topic keeps the store unavailable
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "tokenledger-api-budgets");
    p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
    return p;
  }
}
