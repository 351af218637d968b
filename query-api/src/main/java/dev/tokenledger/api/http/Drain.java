package dev.tokenledger.api.http;

import java.time.Duration;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Counts the requests Jetty is handling, from arrival until their response is completely written, so
 * a stop can wait for them (Jetty's own graceful stop also waited out the whole grace for idle
 * kept-alive connections). Once draining, the API answers new requests with 503 at once.
 */
final class Drain extends Handler.Wrapper {

  private final Object lock = new Object();
  private int inFlight;
  private volatile boolean draining;

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    synchronized (lock) {
      inFlight++;
    }
    Callback counted = Callback.from(callback, this::done);
    try {
      if (super.handle(request, response, counted)) {
        return true;
      }
    } catch (Exception | Error e) {
      done();
      throw e;
    }
    done();
    return false;
  }

  private void done() {
    synchronized (lock) {
      inFlight--;
      lock.notifyAll();
    }
  }

  boolean draining() {
    return draining;
  }

  /** Starts draining and waits up to {@code grace} for every request to be answered; returns those still running. */
  int drain(Duration grace) {
    draining = true;
    long deadline = System.nanoTime() + grace.toNanos();
    synchronized (lock) {
      long left;
      while (inFlight > 0 && (left = deadline - System.nanoTime()) > 0) {
        try {
          lock.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      return inFlight;
    }
  }
}
