package dev.tokenledger.warehouse.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

class ByteSliceBodyPublisherTest {

  /** Collects what it receives; asks for {@code perRequest} chunks at a time, again from inside onNext. */
  private static class Collector implements Flow.Subscriber<ByteBuffer> {
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    final long perRequest;
    Flow.Subscription subscription;
    boolean completed;
    Throwable error;
    int chunks;

    Collector(long perRequest) {
      this.perRequest = perRequest;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(perRequest);
    }

    @Override
    public void onNext(ByteBuffer item) {
      byte[] b = new byte[item.remaining()];
      item.get(b);
      received.writeBytes(b);
      if (++chunks % perRequest == 0) {
        subscription.request(perRequest);   // re-entrant
      }
    }

    @Override
    public void onError(Throwable t) {
      error = t;
    }

    @Override
    public void onComplete() {
      completed = true;
    }
  }

  @Test
  void sendsExactlyTheRangeInChunksWhateverTheDemand() {
    byte[] bytes = new byte[300_000];
    new Random(1).nextBytes(bytes);
    for (long perRequest : new long[] {1, 2, Long.MAX_VALUE}) {
      ByteSliceBodyPublisher p = new ByteSliceBodyPublisher(bytes, 1_000, 250_000);
      assertThat(p.contentLength()).isEqualTo(250_000);
      Collector c = new Collector(perRequest);
      p.subscribe(c);
      assertThat(c.completed).isTrue();
      assertThat(c.error).isNull();
      assertThat(c.received.toByteArray()).isEqualTo(Arrays.copyOfRange(bytes, 1_000, 251_000));
      assertThat(c.chunks).isEqualTo(4);   // 64 KiB chunks
    }
  }

  @Test
  void anEmptyRangeCompletesAndCancellingStops() {
    Collector empty = new Collector(1);
    new ByteSliceBodyPublisher(new byte[10], 10, 0).subscribe(empty);
    assertThat(empty.completed).isTrue();
    assertThat(empty.received.size()).isZero();

    Collector cancelling = new Collector(1) {
      @Override
      public void onNext(ByteBuffer item) {
        super.onNext(item);
        subscription.cancel();
      }
    };
    new ByteSliceBodyPublisher(new byte[200_000], 0, 200_000).subscribe(cancelling);
    assertThat(cancelling.chunks).isEqualTo(1);
    assertThat(cancelling.completed).isFalse();
  }

  @Test
  void aNonPositiveRequestEndsTheSubscriptionWithOneErrorAndNoMoreItems() {
    ByteSliceBodyPublisher p = new ByteSliceBodyPublisher(new byte[200_000], 0, 200_000);
    Collector c = new Collector(1) {
      @Override
      public void onNext(ByteBuffer item) {
        super.onNext(item);
        subscription.request(0);   // a protocol error, raised while a chunk is being delivered
      }
    };
    p.subscribe(c);
    assertThat(c.error).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-positive request 0");
    assertThat(c.chunks).isEqualTo(1);
    assertThat(c.completed).isFalse();
    c.subscription.request(5);
    assertThat(c.chunks).isEqualTo(1);
  }
}
