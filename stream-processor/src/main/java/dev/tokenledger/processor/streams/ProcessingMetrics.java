package dev.tokenledger.processor.streams;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * The processing counters of the topology, registered as Kafka Streams metrics (group
 * {@code stream-processor-node-metrics}... scope {@code tokenledger}), each with a rate and a
 * {@code <name>-total}: nothing the processor decides not to count goes unrecorded.
 */
final class ProcessingMetrics {

  /** The counted outcomes. */
  enum Counter {
    PRICED, DUPLICATE, REJECTED_DESERIALIZATION, REJECTED_INVALID, REJECTED_FUTURE, UNKNOWN_MODEL, REPRICED, PRICE_WAIT_EXPIRED,
    REJECTED_CONTROL, LATE, BREACH, FORECAST, REVISED;

    String metricName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  static final String SCOPE = "tokenledger";

  private final Map<Counter, Sensor> sensors = new EnumMap<>(Counter.class);

  ProcessingMetrics(StreamsMetrics metrics, String entity, Counter... counters) {
    for (Counter c : counters) {
      sensors.put(c, metrics.addRateTotalSensor(SCOPE, entity, c.metricName(), Sensor.RecordingLevel.INFO));
    }
  }

  void count(Counter c) {
    sensors.get(c).record();
  }
}
