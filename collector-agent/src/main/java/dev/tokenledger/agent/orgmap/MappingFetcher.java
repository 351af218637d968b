package dev.tokenledger.agent.orgmap;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Reads the mapping document from its location: an https URL (GET with {@code If-None-Match} when a copy
 * with an ETag is cached, an optional bearer token, a connect and a total timeout, redirects not followed
 * so the token never travels elsewhere) or a file. Anything larger than {@link #MAX_BYTES} is refused.
 */
final class MappingFetcher {

  /** The largest mapping document accepted (ten thousand rules fit easily). */
  static final int MAX_BYTES = 2 << 20;
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  /** A document that has not changed since the cached copy ({@code bytes} null), or a new one. */
  record Fetched(boolean notModified, byte[] bytes, String etag) {}

  /** Why the document could not be read; the message names the location. */
  static final class FetchFailure extends Exception {
    FetchFailure(String message) {
      super(message);
    }
  }

  private final HttpClient http;

  MappingFetcher() {
    this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /**
   * @param etag the cached copy's ETag, or null
   * @param token a bearer token, or null
   */
  Fetched fetch(String location, boolean url, String etag, String token) throws FetchFailure {
    return url ? http(location, etag, token) : file(Path.of(location));
  }

  private static Fetched file(Path file) throws FetchFailure {
    try {
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw new FetchFailure(file + " is larger than " + MAX_BYTES + " bytes (" + size + ")");
      }
      return new Fetched(false, Files.readAllBytes(file), null);
    } catch (NoSuchFileException e) {
      throw new FetchFailure(file + " does not exist");
    } catch (IOException e) {
      throw new FetchFailure(file + " cannot be read: " + e);
    }
  }

  private Fetched http(String url, String etag, String token) throws FetchFailure {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT).GET()
        .header("Accept", "application/json, text/csv;q=0.9");
    if (etag != null) {
      b.header("If-None-Match", etag);
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpResponse<InputStream> response;
    try {
      response = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (HttpTimeoutException e) {
      throw new FetchFailure(url + ": no answer within " + REQUEST_TIMEOUT.toSeconds() + " s");
    } catch (IOException e) {
      throw new FetchFailure(url + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FetchFailure(url + ": interrupted");
    }
    int status = response.statusCode();
    try (InputStream in = response.body()) {
      if (status == 304) {
        return new Fetched(true, null, response.headers().firstValue("ETag").orElse(etag));
      }
      if (status != 200) {
        String hint = status == 401 || status == 403 ? " (check the token in org.mapping-token-env)"
            : status / 100 == 3 ? " (redirects are not followed: configure the final URL)" : "";
        throw new FetchFailure(url + ": HTTP " + status + hint);
      }
      byte[] body = in.readNBytes(MAX_BYTES + 1);
      if (body.length > MAX_BYTES) {
        throw new FetchFailure(url + ": the document is larger than " + MAX_BYTES + " bytes");
      }
      return new Fetched(false, body, response.headers().firstValue("ETag").orElse(null));
    } catch (IOException e) {
      throw new FetchFailure(url + ": reading the answer failed: " + e.getMessage());
    }
  }
}
