package dev.tokenledger.reconciliation.http;

import dev.tokenledger.reconciliation.ProviderReportException;
import dev.tokenledger.retry.RetriesExhaustedException;
import dev.tokenledger.retry.RetryLoop;
import dev.tokenledger.retry.RetryPolicy;
import dev.tokenledger.retry.Sleeper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * GETs of a provider's Admin API with the project's one retry policy (ADR 0307): I/O failures, 408, 429
 * and 5xx answers are retried; a {@code retry-after} header (seconds) of a 429 or 503 lengthens the next
 * wait to at least what the provider asked (up to {@link #MAX_RETRY_AFTER}). Other answers fail at once
 * with the status and the provider's error message. Headers (the admin key) are never logged or put in
 * a message.
 */
public final class ProviderHttp {

  /** The longest {@code retry-after} honoured; a longer one waits this long. */
  public static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(2);

  private final HttpClient client;
  private final RetryLoop loop;
  private final Duration timeout;
  private final AtomicReference<Duration> retryAfter = new AtomicReference<>(Duration.ZERO);

  public ProviderHttp(RetryPolicy policy, Duration timeout, Sleeper sleeper) {
    this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    Sleeper base = Objects.requireNonNull(sleeper, "sleeper");
    this.loop = RetryLoop.of(policy, ProviderHttp::retriable).withSleeper(d -> {
      Duration asked = retryAfter.getAndSet(Duration.ZERO);
      base.sleep(asked.compareTo(d) > 0 ? asked : d);
    });
  }

  /** A failed answer (or none): {@code status} 0 when no answer arrived. */
  public static final class HttpFailure extends Exception {
    private final int status;

    HttpFailure(int status, String message, Throwable cause) {
      super(message, cause);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  static boolean retriable(Throwable t) {
    if (!(t instanceof HttpFailure f)) {
      return false;
    }
    return f.status == 0 || f.status == 408 || f.status == 429 || f.status >= 500;
  }

  /** The body of a 200 answer to {@code GET url}, retried as described above. */
  public String get(URI url, Map<String, String> headers, String what) throws ProviderReportException {
    try {
      return loop.call(() -> once(url, headers, what));
    } catch (HttpFailure e) {
      throw new ProviderReportException(e.getMessage(), e);
    } catch (RetriesExhaustedException e) {
      throw new ProviderReportException(what + ": gave up after " + e.attempts() + " attempts in "
          + e.elapsed().toSeconds() + " s: " + e.lastFailure().getMessage(), e);
    }
  }

  private String once(URI url, Map<String, String> headers, String what) throws HttpFailure {
    HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(timeout).GET();
    headers.forEach(b::header);
    HttpResponse<String> response;
    try {
      response = client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new HttpFailure(0, what + ": no answer from " + url.getHost() + " (" + e.getClass().getSimpleName() + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HttpFailure(-1, what + ": interrupted", e);
    }
    int status = response.statusCode();
    if (status == 200) {
      return response.body();
    }
    if (status == 429 || status == 503) {
      retryAfter(response).ifPresent(retryAfter::set);
    }
    throw new HttpFailure(status, what + ": HTTP " + status + errorMessage(response.body()), null);
  }

  static Optional<Duration> retryAfter(HttpResponse<?> response) {
    Optional<String> h = response.headers().firstValue("retry-after");
    if (h.isEmpty()) {
      return Optional.empty();
    }
    try {
      long seconds = Long.parseLong(h.get().trim());
      Duration d = Duration.ofSeconds(Math.max(0, seconds));
      return Optional.of(d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d);
    } catch (NumberFormatException e) {
      return Optional.empty();      // an HTTP date: the policy's own wait applies
    }
  }

  /** The provider's error message ({@code {"error":{"message":…}}} at both providers), shortened. */
  private static String errorMessage(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String s = body.strip().replaceAll("\\s+", " ");
    return ": " + (s.length() > 300 ? s.substring(0, 300) + "…" : s);
  }
}
