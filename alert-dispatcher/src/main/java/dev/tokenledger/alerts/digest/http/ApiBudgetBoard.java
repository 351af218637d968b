package dev.tokenledger.alerts.digest.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenledger.alerts.alert.Digest;
import dev.tokenledger.alerts.config.Secret;
import dev.tokenledger.alerts.config.SecretUrl;
import dev.tokenledger.alerts.digest.BudgetBoard;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The budgets as the organisation API reports them: {@code GET /v1/me} (the organisation) and {@code GET
 * /v1/budgets} (every budget with its current period, spend, percent, projection and status), with a
 * finance or admin token.
 */
public final class ApiBudgetBoard implements BudgetBoard {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final SecretUrl api;
  private final Secret token;

  public ApiBudgetBoard(SecretUrl api, Secret token) {
    this.api = api;
    this.token = token;
  }

  @Override
  public Board read() throws BudgetBoardException {
    String org = get("/v1/me").path("rows").path(0).path("org").asText("");
    if (org.isEmpty()) {
      throw new BudgetBoardException("the API named no organisation for the digest's token");
    }
    List<Entry> out = new ArrayList<>();
    for (JsonNode r : get("/v1/budgets").path("rows")) {
      if (!r.path("enabled").asBoolean(true)) {
        continue;
      }
      List<String> notify = new ArrayList<>();   // "ops,finance" (the API's form), or an array
      JsonNode n = r.path("notify");
      if (n.isArray()) {
        n.forEach(x -> notify.add(x.asText()));
      } else {
        for (String name : n.asText("").split(",")) {
          if (!name.isBlank()) {
            notify.add(name.trim());
          }
        }
      }
      out.add(new Entry(new Digest.Line(r.path("id").asText(), r.path("scope").asText(), r.path("value").asText(""),
          r.path("period").asText(), instant(r.path("period_start")), instant(r.path("period_end")),
          decimal(r.path("spend_usd")), decimal(r.path("limit_usd")), decimal(r.path("percent")),
          r.path("projected_usd").isNull() ? null : decimal(r.path("projected_usd")), r.path("status").asText()), notify));
    }
    return new Board(org, out);
  }

  private JsonNode get(String path) throws BudgetBoardException {
    String base = api.reveal().toString().replaceAll("/+$", "");
    HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + token.reveal()).header("Accept", "application/json").GET().build();
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() != 200) {
        throw new BudgetBoardException(path + " answered HTTP " + response.statusCode()
            + (response.statusCode() == 403 ? " (the digest needs a finance or admin token)" : ""));
      }
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new BudgetBoardException(path + ": " + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BudgetBoardException(path + ": interrupted");
    }
  }

  private static BigDecimal decimal(JsonNode n) throws BudgetBoardException {
    try {
      return new BigDecimal(n.asText());
    } catch (NumberFormatException e) {
      throw new BudgetBoardException("the API answered a budget with an unreadable amount");
    }
  }

  private static Instant instant(JsonNode n) {
    return n.isTextual() ? OffsetDateTime.parse(n.asText()).toInstant() : null;
  }
}
