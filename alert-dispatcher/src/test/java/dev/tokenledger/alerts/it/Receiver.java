package dev.tokenledger.alerts.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;
import java.util.stream.Collectors;

/**
 * A local HTTP receiver on 127.0.0.1 (a free port) that records every request it gets and answers with
 * the status {@code answer} gives for the n-th request (1-based). {@link #holdFirstRequest()} makes the
 * first request wait until {@link #release()}, to kill a dispatcher mid-delivery.
 */
final class Receiver implements AutoCloseable {

  /** One request as received. */
  record Request(String idempotencyKey, String timestamp, String signature, String body, Instant at) {}

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final IntUnaryOperator answer;
  private final CountDownLatch held = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private volatile boolean hold;
  private volatile long delayMillis;

  private Receiver(IntUnaryOperator answer) throws IOException {
    this.answer = answer;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", exchange -> {
      String body;
      try (InputStream in = exchange.getRequestBody()) {
        body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      var h = exchange.getRequestHeaders();
      Request request = new Request(h.getFirst("Idempotency-Key"), h.getFirst("X-Tokenledger-Timestamp"),
          h.getFirst("X-Tokenledger-Signature"), body, Instant.now());
      int n;
      synchronized (requests) {   // the add and its number together: concurrent requests each get their own n
        requests.add(request);
        n = requests.size();
      }
      if (hold && n == 1) {
        held.countDown();
        try {
          release.await(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (delayMillis > 0) {
        try {
          Thread.sleep(delayMillis);     // a receiver that takes its time, so deliveries are under way when a test kills
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      int status = answer.applyAsInt(n);
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
  }

  /** Answers 200 to everything. */
  static Receiver ok() throws IOException {
    return new Receiver(n -> 200);
  }

  /** Answers {@code status} to everything. */
  static Receiver failing(int status) throws IOException {
    return new Receiver(n -> status);
  }

  /** Answers each request after {@code millis}. */
  Receiver slowly(long millis) {
    delayMillis = millis;
    return this;
  }

  Receiver holdFirstRequest() {
    hold = true;
    return this;
  }

  boolean awaitHeld(long seconds) throws InterruptedException {
    return held.await(seconds, TimeUnit.SECONDS);
  }

  void release() {
    release.countDown();
  }

  /** The URL to configure, with a path that stands for a secret. */
  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/T0SECRET/B0SECRET/xoxsecretpath";
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  Set<String> distinctKeys() {
    return requests.stream().map(Request::idempotencyKey).collect(Collectors.toSet());
  }

  /** Requests per idempotency key. */
  Map<String, Long> countsByKey() {
    return requests.stream().collect(Collectors.groupingBy(Request::idempotencyKey, Collectors.counting()));
  }

  @Override
  public void close() {
    release();
    server.stop(0);
  }
}
