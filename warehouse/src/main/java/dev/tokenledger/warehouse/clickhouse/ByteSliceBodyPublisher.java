package dev.tokenledger.warehouse.clickhouse;

import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A request body that sends a range of an array as read-only views of it, without copying (the JDK's
 * {@code ofByteArray(bytes, offset, length)} copies the whole body into new buffers first — a batch's
 * 25 MB per insert). The array must not change until the request has completed; the sink's batch
 * buffers do not (they are reused only after the insert returned).
 */
final class ByteSliceBodyPublisher implements HttpRequest.BodyPublisher {

  private static final int CHUNK = 64 * 1024;

  private final byte[] bytes;
  private final int offset;
  private final int length;

  ByteSliceBodyPublisher(byte[] bytes, int offset, int length) {
    if (offset < 0 || length < 0 || offset + length > bytes.length) {
      throw new IndexOutOfBoundsException("range " + offset + "+" + length + " of " + bytes.length);
    }
    this.bytes = bytes;
    this.offset = offset;
    this.length = length;
  }

  @Override
  public long contentLength() {
    return length;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
    subscriber.onSubscribe(new Slices(subscriber));
  }

  /** Emits the chunks on demand; re-entrant requests (from onNext) are folded into the running loop. */
  private final class Slices implements Flow.Subscription {
    private final Flow.Subscriber<? super ByteBuffer> subscriber;
    private final AtomicLong demand = new AtomicLong();
    private final AtomicInteger work = new AtomicInteger();
    private volatile boolean cancelled;
    /** A protocol error to signal, from inside the drain loop so that no signal overlaps an onNext. */
    private volatile Throwable error;
    private int position = offset;
    private boolean completed;

    Slices(Flow.Subscriber<? super ByteBuffer> subscriber) {
      this.subscriber = subscriber;
    }

    @Override
    public void request(long n) {
      if (n <= 0) {
        error = new IllegalArgumentException("non-positive request " + n);
        drain();
        return;
      }
      demand.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
      drain();
    }

    @Override
    public void cancel() {
      cancelled = true;
    }

    private void drain() {
      if (work.getAndIncrement() != 0) {
        return;
      }
      do {
        while (!cancelled && !completed) {
          if (error != null) {
            cancelled = true;
            subscriber.onError(error);
            break;
          }
          int end = offset + length;
          if (position >= end) {
            completed = true;
            subscriber.onComplete();
            break;
          }
          if (demand.get() == 0) {
            break;
          }
          demand.decrementAndGet();
          int n = Math.min(CHUNK, end - position);
          ByteBuffer chunk = ByteBuffer.wrap(bytes, position, n).slice();
          position += n;
          subscriber.onNext(chunk);
        }
      } while (work.decrementAndGet() != 0);
    }
  }
}
