package dev.tokenledger.processor.streams;

import dev.tokenledger.events.Budget;
import dev.tokenledger.events.BudgetBreach;
import dev.tokenledger.events.ModelPrice;
import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.events.RejectedEvent;
import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.events.UsageRollup;
import dev.tokenledger.processor.budget.BudgetKeys;
import dev.tokenledger.processor.config.TopologySettings;
import dev.tokenledger.pricing.PriceKey;
import dev.tokenledger.schemas.Topics;
import dev.tokenledger.schemas.testing.InMemorySchemaRegistry;
import dev.tokenledger.schemas.testing.MutableClock;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** A TopologyTestDriver around {@link UsageTopology} with an in-memory registry and typed topic handles. */
final class TopologyHarness implements AutoCloseable {

  static final Instant WALL_CLOCK = Instant.parse("2030-01-01T00:00:00Z");

  final Topics topics = Topics.withPrefix("test.");
  final TopologySettings settings;
  final TopologySerdes serdes = TopologySerdes.create(new InMemorySchemaRegistry());
  final TopologyTestDriver driver;
  final TestInputTopic<String, UsageEvent> events;
  final TestInputTopic<String, byte[]> rawEvents;
  final TestInputTopic<String, ModelPrice> prices;
  final TestInputTopic<String, Budget> budgets;
  final TestInputTopic<String, byte[]> rawPrices;
  final TestInputTopic<String, byte[]> rawBudgets;
  final TestOutputTopic<String, PricedUsage> priced;
  final TestOutputTopic<String, UsageRollup> rollups;
  final TestOutputTopic<String, RejectedEvent> rejected;
  final TestOutputTopic<String, BudgetBreach> breaches;
  private final Path stateDir;

  private final MutableClock clock;

  TopologyHarness(TopologySettings settings) {
    this(settings, null);
  }

  /** A harness whose processor clock is {@code clock} (null: fixed at {@link #WALL_CLOCK}); move it with {@link #advance}. */
  TopologyHarness(TopologySettings settings, MutableClock clock) {
    this.settings = settings;
    this.clock = clock;
    try {
      stateDir = Files.createTempDirectory("topology-test");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    props.putAll(RejectingDeserializationHandler.configs(topics.rejected(), serdes.rejected()));
    Clock processorClock = clock != null ? clock : Clock.fixed(WALL_CLOCK, ZoneOffset.UTC);
    driver = new TopologyTestDriver(UsageTopology.build(topics, serdes, settings, processorClock), props, processorClock.instant());
    StringSerializer keys = new StringSerializer();
    events = driver.createInputTopic(topics.usageEvents(), keys, serdes.usageEvent().serializer());
    rawEvents = driver.createInputTopic(topics.usageEvents(), keys, new ByteArraySerializer());
    prices = driver.createInputTopic(topics.prices(), keys, serdes.price().serializer());
    budgets = driver.createInputTopic(topics.budgets(), keys, serdes.budget().serializer());
    rawPrices = driver.createInputTopic(topics.prices(), keys, new ByteArraySerializer());
    rawBudgets = driver.createInputTopic(topics.budgets(), keys, new ByteArraySerializer());
    StringDeserializer keyIn = new StringDeserializer();
    priced = driver.createOutputTopic(topics.priced(), keyIn, serdes.priced().deserializer());
    rollups = driver.createOutputTopic(topics.rollups(), keyIn, serdes.rollup().deserializer());
    rejected = driver.createOutputTopic(topics.rejected(), keyIn, serdes.rejected().deserializer());
    breaches = driver.createOutputTopic(topics.breaches(), keyIn, serdes.breach().deserializer());
  }

  /** Moves the processor clock and the driver's wall clock by {@code d} (firing due wall-clock punctuators). */
  void advance(java.time.Duration d) {
    if (clock == null) {
      throw new IllegalStateException("this harness has a fixed clock");
    }
    clock.advance(d);
    driver.advanceWallClockTime(d);
  }

  void price(ModelPrice p) {
    prices.pipeInput(PriceKey.of(p).toString(), p);
  }

  void budget(Budget b) {
    budgets.pipeInput(BudgetKeys.of(b), b);
  }

  /** Publishes an event keyed by its id (as agents do), with its event time as the record time. */
  /** The usage event a rejection carries as raw bytes for replay, decoded as a replay would. */
  UsageEvent replayPayload(RejectedEvent r) {
    ByteBuffer b = r.getPayload();
    byte[] bytes = new byte[b.remaining()];
    b.duplicate().get(bytes);
    return serdes.usageEvent().deserializer().deserialize(topics.usageEvents(), bytes);
  }

  void publish(UsageEvent e) {
    events.pipeInput(e.getEventId(), e, e.getEventTime());
  }

  /** Fires the rollup emission and returns the latest version of every rollup emitted so far. */
  Map<String, UsageRollup> latestRollups(Map<String, UsageRollup> into) {
    driver.advanceWallClockTime(settings.rollupEmitInterval());
    rollups.readKeyValuesToList().forEach(kv -> into.put(kv.key, kv.value));
    return into;
  }

  Map<String, UsageRollup> latestRollups() {
    return latestRollups(new LinkedHashMap<>());
  }

  List<PricedUsage> pricedValues() {
    return priced.readValuesToList();
  }

  /** Sum of the {@code <name>-total} metrics of the tokenledger scope over all tasks. */
  double metricTotal(String name) {
    double sum = 0;
    for (Map.Entry<MetricName, ? extends Metric> e : driver.metrics().entrySet()) {
      if (e.getKey().name().equals(name + "-total") && e.getKey().tags().containsKey(ProcessingMetrics.SCOPE + "-id")) {
        sum += ((Number) e.getValue().metricValue()).doubleValue();
      }
    }
    return sum;
  }

  /** The sum over tasks of a gauge of the topology's own metrics ({@code parked-events}, ...). */
  double metricValue(String name) {
    double sum = 0;
    for (Map.Entry<MetricName, ? extends Metric> e : driver.metrics().entrySet()) {
      if (e.getKey().name().equals(name) && e.getKey().tags().containsKey(ProcessingMetrics.SCOPE + "-id")) {
        sum += ((Number) e.getValue().metricValue()).doubleValue();
      }
    }
    return sum;
  }

  @Override
  public void close() {
    driver.close();
  }
}
