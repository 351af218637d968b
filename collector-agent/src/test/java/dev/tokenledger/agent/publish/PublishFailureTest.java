package dev.tokenledger.agent.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.retry.RetryPolicy;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.stream.IntStream;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** How the publisher tells a clock ahead of the broker from a missing topic and from an outage. */
class PublishFailureTest {

  static final String BROKER = "Timestamp 1765108800000 of message with offset 0 is out of range. The timestamp should be"
      + " within [1765098000000, 1765101600000]";

  @Test
  void aRefusedTimestampIsTheClockAndNamesTheFix() {
    // the shapes it reaches the publisher in: a send's future, the transaction's error state
    for (Throwable e : new Throwable[] {
        new ExecutionException("send failed", new InvalidTimestampException(BROKER)),
        new KafkaException("Cannot execute transactional method because we are in an error state",
            new InvalidTimestampException(BROKER)),
        new InvalidTimestampException(BROKER)}) {
      PublishFailure f = PublishFailure.classify(e, "usage.events.v1");
      assertThat(f.kind()).isEqualTo(PublishFailure.Kind.CLOCK_AHEAD);
      assertThat(f.message())
          .startsWith("this machine's clock is ahead of the broker; ask the operator to set"
              + " message.timestamp.type=LogAppendTime on the topic usage.events.v1")
          .contains("they stay in the spool").contains(BROKER);
      assertThat(f.maxBackoff()).isEqualTo(Duration.ofMinutes(1));
    }
  }

  @Test
  void aMissingTopicAndAnOutageKeepTheirMessages() {
    PublishFailure missing = PublishFailure.classify(new TopicMissingException("usage.events.v1"), "usage.events.v1");
    assertThat(missing.kind()).isEqualTo(PublishFailure.Kind.TOPIC_MISSING);
    assertThat(missing.message()).isEqualTo(TopicMissingException.message("usage.events.v1"));
    PublishFailure outage = PublishFailure.classify(new ExecutionException(new TimeoutException("Timed out waiting")),
        "usage.events.v1");
    assertThat(outage.kind()).isEqualTo(PublishFailure.Kind.OTHER);
    assertThat(outage.message()).isEqualTo("TimeoutException: Timed out waiting");
    assertThat(outage.maxBackoff()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void retriesBackOffFromHalfASecondToTheKindsCapAndNeverGiveUp() {
    PublishFailure outage = PublishFailure.classify(new TimeoutException("Timed out waiting"), "usage.events.v1");
    assertThat(IntStream.rangeClosed(1, 7).mapToObj(outage::backoff)).containsExactly(Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(5), Duration.ofSeconds(5),
        Duration.ofSeconds(5));
    PublishFailure missing = PublishFailure.classify(new TopicMissingException("usage.events.v1"), "usage.events.v1");
    assertThat(missing.retryPolicy()).isEqualTo(outage.retryPolicy());
    PublishFailure clock = PublishFailure.classify(new InvalidTimestampException(BROKER), "usage.events.v1");
    assertThat(IntStream.rangeClosed(1, 9).mapToObj(clock::backoff)).containsExactly(Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(16),
        Duration.ofSeconds(32), Duration.ofMinutes(1), Duration.ofMinutes(1));
    for (PublishFailure f : new PublishFailure[] {outage, missing, clock}) {
      assertThat(f.retryPolicy().maxAttempts()).isEqualTo(RetryPolicy.UNLIMITED_ATTEMPTS);
      assertThat(f.retryPolicy().deadline()).isEmpty();
      assertThat(f.retryPolicy().jitter()).isZero();
      assertThat(f.backoff(Integer.MAX_VALUE)).isEqualTo(f.maxBackoff());
    }
  }
}
