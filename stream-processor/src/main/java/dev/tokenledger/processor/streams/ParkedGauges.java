package dev.tokenledger.processor.streams;

import java.util.Map;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.MeasurableStat;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * Two gauges of one intake task's events waiting for a price (ADR 0224), next to its counters in
 * the Kafka Streams metrics (group {@code stream-tokenledger-metrics}, so on {@code /metrics} as
 * {@code kafka_stream_tokenledger_parked_events} and {@code kafka_stream_tokenledger_parked_oldest_age_seconds}):
 * how many are parked, and how long the oldest has waited (0 when none). The age is computed when the
 * metric is read, so it grows between scrapes while nothing is processed. The task thread sets the
 * figures; a scrape reads them from another thread.
 */
final class ParkedGauges implements AutoCloseable {

  static final String EVENTS = "parked-events";
  static final String OLDEST_AGE = "parked-oldest-age-seconds";

  private final StreamsMetrics metrics;
  private final Sensor sensor;
  private volatile long count;
  /** Wall-clock millis when the oldest waiting event was parked; {@link Long#MAX_VALUE}: none. */
  private volatile long oldestParkedAt = Long.MAX_VALUE;

  ParkedGauges(StreamsMetrics metrics, String entity) {
    this.metrics = metrics;
    String thread = Thread.currentThread().getName();
    this.sensor = metrics.addSensor("tokenledger-parked-" + entity + "-" + thread, Sensor.RecordingLevel.INFO);
    Map<String, String> tags = Map.of("thread-id", thread, ProcessingMetrics.SCOPE + "-id", entity);
    String group = "stream-" + ProcessingMetrics.SCOPE + "-metrics";
    sensor.add(new MetricName(EVENTS, group, "events of the task waiting for a price", tags), new Reading() {
      @Override
      public double measure(MetricConfig config, long now) {
        return count;
      }
    });
    sensor.add(new MetricName(OLDEST_AGE, group, "seconds the task's oldest event waiting for a price has waited (0: none)",
        tags), new Reading() {
          @Override
          public double measure(MetricConfig config, long now) {
            return ageSeconds(now);
          }
        });
  }

  /** The task's parked events now: how many, and when the oldest was parked ({@link Long#MAX_VALUE}: none). */
  void set(long events, long oldestParkedAtMillis) {
    this.oldestParkedAt = events == 0 ? Long.MAX_VALUE : oldestParkedAtMillis;
    this.count = events;
  }

  double ageSeconds(long nowMillis) {
    long oldest = oldestParkedAt;
    return oldest == Long.MAX_VALUE ? 0 : Math.max(0, nowMillis - oldest) / 1000.0;
  }

  long count() {
    return count;
  }

  @Override
  public void close() {
    metrics.removeSensor(sensor);
  }

  /** A metric read from the fields above when the registry asks; nothing is recorded into it. */
  private abstract static class Reading implements MeasurableStat {
    @Override
    public void record(MetricConfig config, double value, long timeMs) {}
  }
}
