package dev.tokenledger.agent.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The agent's one HTTP client of the organisation's API: {@code GET} a route with query parameters and
 * the bearer token, answer its JSON. Every failure is an {@link ApiUnavailable} with a short reason; an
 * error answer (400, 403, 422…) carries the API's own {@code error} text, which names the parameter.
 */
public final class ApiClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ApiEndpoint endpoint;
  private final HttpClient http;
  private final Duration timeout;

  public ApiClient(ApiEndpoint endpoint, Duration timeout) {
    this.endpoint = endpoint;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /** {@code GET path?params} (parameters in order; a name may repeat): the parsed JSON answer. */
  public JsonNode get(String path, List<Map.Entry<String, String>> params) {
    String body = getText(path, params);
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new ApiUnavailable("unexpected answer", 200, e);
    }
  }

  /** {@code GET path?params}: the answer's text as the API sent it. */
  public String getText(String path, List<Map.Entry<String, String>> params) {
    StringBuilder q = new StringBuilder();
    for (Map.Entry<String, String> p : params) {
      q.append(q.length() == 0 ? "?" : "&").append(encode(p.getKey())).append('=').append(encode(p.getValue()));
    }
    String base = endpoint.url().toString().replaceAll("/+$", "");
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + path + q))
        .timeout(timeout)
        .header("Authorization", "Bearer " + endpoint.token())
        .header("Accept", "application/json")
        .GET().build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ApiUnavailable("API unreachable", 0, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiUnavailable("interrupted", 0, e);
    }
    int status = response.statusCode();
    if (status != 200) {
      String reason = switch (status) {
        case 401 -> "token refused";
        case 403 -> "not allowed";
        default -> "API answered " + status;
      };
      String detail = errorText(response.body());
      throw new ApiUnavailable(detail == null ? reason : reason + ": " + detail, status, null);
    }
    return response.body();
  }

  private static String errorText(String body) {
    try {
      JsonNode e = JSON.readTree(body).path("error");
      return e.isTextual() ? e.asText() : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
