package dev.tokenledger.warehouse.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RetrierTest {

  private final AtomicLong nanos = new AtomicLong();
  private final List<Duration> waits = new ArrayList<>();
  private final AtomicInteger retries = new AtomicInteger();
  private final Retrier retrier = new Retrier(
      new RetryPolicy(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(5)),
      d -> {
        waits.add(d);
        nanos.addAndGet(d.toNanos());
      },
      nanos::get, retries::incrementAndGet);

  @Test
  void transientFailuresAreRetriedWithDoublingBoundedBackoff() {
    AtomicInteger calls = new AtomicInteger();
    String result = retrier.call("op", () -> {
      if (calls.incrementAndGet() <= 5) {
        throw new ClickHouseException.Unavailable("down", -1, null);
      }
      return "ok";
    });
    assertThat(result).isEqualTo("ok");
    assertThat(waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400),
        Duration.ofMillis(800), Duration.ofSeconds(1));
    assertThat(retries).hasValue(5);
  }

  @Test
  void retryingStopsWhenTheGiveUpTimeIsSpent() {
    assertThatThrownBy(() -> retrier.run("insert", () -> {
      throw new ClickHouseException.Unavailable("connection refused", -1, null);
    })).isInstanceOf(Retrier.RetriesExhausted.class).hasMessageContaining("insert").hasMessageContaining("connection refused");
    Duration total = waits.stream().reduce(Duration.ZERO, Duration::plus);
    assertThat(total).isLessThanOrEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void badDataAndFailuresAreNotRetried() {
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> retrier.run("insert", () -> {
      calls.incrementAndGet();
      throw new ClickHouseException.BadData("Code: 27", 27);
    })).isInstanceOf(ClickHouseException.BadData.class);
    assertThat(calls).hasValue(1);
    assertThat(waits).isEmpty();
  }
}
