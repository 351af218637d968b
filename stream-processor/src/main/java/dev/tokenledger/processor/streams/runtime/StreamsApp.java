package dev.tokenledger.processor.streams.runtime;

import dev.tokenledger.operations.Operations;
import dev.tokenledger.operations.Readiness;
import dev.tokenledger.processor.config.StreamsSettings;
import dev.tokenledger.processor.config.StreamsSettings.KafkaSettings;
import dev.tokenledger.processor.streams.RejectingDeserializationHandler;
import dev.tokenledger.processor.streams.TopologySerdes;
import dev.tokenledger.processor.streams.UsageTopology;
import dev.tokenledger.schemas.Topics;
import dev.tokenledger.schemas.registry.CachingSchemaRegistry;
import dev.tokenledger.schemas.registry.SchemaRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle of the Streams application: provision topics, publish the price catalogue, run the
 * topology with exactly-once v2 until stopped (SIGTERM closes cleanly) or until an infrastructure fault
 * the client cannot recover from (then the process exits non-zero).
 */
public final class StreamsApp {

  private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);

  private final StreamsSettings settings;

  public StreamsApp(StreamsSettings settings) {
    this.settings = settings;
  }

  /** The Kafka Streams properties of this deployment. */
  public static Properties streamsProperties(KafkaSettings k) {
    Properties p = new Properties();
    p.putAll(k.connection().properties());
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, k.applicationId());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.STATE_DIR_CONFIG, k.stateDir().toString());
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, k.commitInterval().toMillis());
    p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, k.cacheMaxBytes());
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, k.threads());
    p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, k.standbyReplicas());
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) k.replicationFactor());
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 5_000);
    p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
    p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 256 * 1024);
    p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
    return p;
  }

  /**
   * The properties of the production topology: {@link #streamsProperties(KafkaSettings)} plus the handler
   * that rejects an undecodable record of a serde-read topic onto the rejected topic (the usage and
   * control topics are decoded by the topology itself: bad bytes there are rejected with a reason too).
   */
  public static Properties streamsProperties(KafkaSettings k, Topics topics, TopologySerdes serdes) {
    Properties p = streamsProperties(k);
    p.putAll(RejectingDeserializationHandler.configs(topics.rejected(), serdes.rejected()));
    return p;
  }

  private static String clusterId(Admin admin) throws InterruptedException {
    try {
      return admin.describeCluster().clusterId().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read the Kafka cluster id: " + e.getMessage(), e);
    }
  }

  /** Runs until the JVM is asked to stop; returns the process exit code. */
  public int run() throws InterruptedException {
    KafkaSettings k = settings.kafka();
    Topics topics = settings.topics();
    String clusterId;
    try (Admin admin = Admin.create(k.connection().properties())) {
      new TopicProvisioner(admin).ensure(topics, k.partitions(), k.replicationFactor());
      clusterId = clusterId(admin);
    }
    SchemaRegistry registry = CachingSchemaRegistry.connect(k.registry());
    SchemaPreregistration.registerAll(registry, topics, k.applicationId());
    TopologySerdes serdes = TopologySerdes.create(registry);
    if (settings.pricing().publishOnStart()) {
      var prices = PriceCatalogLoader.load(settings.pricing());
      PricePublisher.publish(k.connection(), topics.prices(), serdes.price(), prices, false);
      LOG.info("published {} price versions to {}", prices.size(), topics.prices());
    }
    Topology topology = UsageTopology.build(topics, serdes, settings.topology());
    LOG.info("topology:\n{}", topology.describe());
    CountDownLatch stopped = new CountDownLatch(1);
    AtomicInteger exitCode = new AtomicInteger(0);
    KafkaStreams streams = new KafkaStreams(topology, streamsProperties(k, topics, serdes));
    new ClusterStateGuard(k.stateDir(), k.applicationId()).check(clusterId, streams::cleanUp);
    streams.setUncaughtExceptionHandler(e -> {
      LOG.error("stream thread failed; shutting the client down", e);
      exitCode.set(1);
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    });
    streams.setStateListener((now, before) -> {
      LOG.info("state {} -> {}", before, now);
      if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
        stopped.countDown();
      }
    });
    Thread hook = new Thread(() -> {
      close(streams);
      stopped.countDown();
    }, "streams-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    ScheduledExecutorService meterRefresh = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "streams-meters");
      t.setDaemon(true);
      return t;
    });
    // tasks (and the processors' own sensors) appear after each rebalance: look for new metrics every 10 s
    try (Operations ops = new Operations("streams");
        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams, List.of(), meterRefresh, java.time.Duration.ofSeconds(10))) {
      streamsMetrics.bindTo(ops.registry());
      ops.serve(settings.ops(), () -> {
        KafkaStreams.State state = streams.state();
        return state == KafkaStreams.State.RUNNING ? Readiness.Status.ready("running")
            : Readiness.Status.notReady(state.name().toLowerCase(java.util.Locale.ROOT));
      });
      streams.start();
      stopped.await();
      close(streams);
    } finally {
      meterRefresh.shutdownNow();
    }
    return exitCode.get();
  }

  /**
   * Closes cleanly and leaves the consumer group, so the instance's tasks move at once (to the other
   * instances, or back to this one when it restarts) instead of after the session timeout (45 s): a
   * stopped instance is not coming back within it on its own. A kill -9 still waits for the timeout.
   */
  private static void close(KafkaStreams streams) {
    streams.close(CloseOptions.timeout(java.time.Duration.ofSeconds(30))
        .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
  }
}
