package dev.tokenledger.api.http;

import io.javalin.http.Context;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices a client that goes away while its question runs, so the warehouse query can be cancelled
 * instead of running to its time limit for nobody. While a GET's answer is being computed the
 * connection has nothing more to say (its request is complete and clients do not pipeline), so the
 * socket becoming readable then means the client closed it.
 *
 * <p>Jetty offers no notice of a closed connection while a handler runs, so the watch registers read
 * interest on the connection's endpoint itself, without reading. That interest cannot be withdrawn, and
 * the connection needs it to read a kept-alive client's next request; so it is registered only for
 * questions still running after {@code after} (quick ones never pay), and such an answer is sent with
 * {@code Connection: close}: the client opens a new connection for its next request.
 */
final class ClientWatch implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ClientWatch.class);

  private final Context ctx;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicBoolean registered = new AtomicBoolean();
  private final ScheduledFuture<?> arming;

  private ClientWatch(Context ctx, Runnable onGone, ScheduledExecutorService timer, Duration after) {
    this.ctx = ctx;
    this.arming = timer.schedule(() -> arm(onGone), after.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Watches {@code ctx}'s connection once the question has run {@code after}; {@code onGone} runs at most once. */
  static ClientWatch start(Context ctx, Runnable onGone, ScheduledExecutorService timer, Duration after) {
    return new ClientWatch(ctx, onGone, timer, after);
  }

  private synchronized void arm(Runnable onGone) {
    if (!running.get()) {
      return;
    }
    try {
      EndPoint endPoint = ServletContextRequest.getServletContextRequest(ctx.req()).getConnectionMetaData().getConnection().getEndPoint();
      if (endPoint.tryFillInterested(Callback.from(() -> gone(onGone), failure -> gone(onGone)))) {
        registered.set(true);
      }
    } catch (RuntimeException e) {
      LOG.debug("cannot watch the client connection: {}", e.toString());
    }
  }

  private void gone(Runnable onGone) {
    if (running.compareAndSet(true, false)) {
      onGone.run();
    }
  }

  @Override
  public synchronized void close() {
    running.set(false);
    arming.cancel(false);
    if (registered.get()) {
      ctx.header("Connection", "close");
    }
  }
}
