package dev.tokenledger.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenledger.api.query.Dimension;
import dev.tokenledger.api.query.SpendQuery;
import dev.tokenledger.api.query.SpendRequestParser;
import dev.tokenledger.api.query.SpendRow;
import dev.tokenledger.api.query.TokenClass;
import dev.tokenledger.api.query.WarehouseException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiServerTest {

  private final AtomicReference<SpendQuery> asked = new AtomicReference<>();
  private volatile boolean warehouseDown;
  private ApiServer server;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void start() throws Exception {
    server = new ApiServer("127.0.0.1", 0, q -> {
      asked.set(q);
      if (warehouseDown) {
        throw new WarehouseException("ClickHouse is unreachable at 127.0.0.1:1");
      }
      return List.of(new SpendRow(LocalDate.of(2026, 11, 1), Map.of(Dimension.TEAM, "platform"), 3, 2,
          Map.of(TokenClass.INPUT, 10L, TokenClass.OUTPUT, 20L), new BigDecimal("1.234567891")));
    }, new SpendRequestParser(ZoneId.of("UTC"), Clock.fixed(Instant.parse("2026-11-15T00:00:00Z"), ZoneOffset.UTC)),
        () -> !warehouseDown);
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> get(String pathAndQuery) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + pathAndQuery)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void answersSpendWithExactDecimalCostsAsStrings() throws Exception {
    HttpResponse<String> r = get("/v1/spend?group_by=team&granularity=month&team=platform%20x");
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = json.readTree(r.body());
    assertThat(body.at("/query/filters/team").asText()).isEqualTo("platform x");
    assertThat(body.at("/query/from").asText()).isEqualTo("2026-11-01");
    JsonNode row = body.at("/rows/0");
    assertThat(row.get("team").asText()).isEqualTo("platform");
    assertThat(row.get("period").asText()).isEqualTo("2026-11-01");
    assertThat(row.get("cost_usd").isTextual()).isTrue();
    assertThat(row.get("cost_usd").asText()).isEqualTo("1.234567891");
    assertThat(row.get("input_tokens").asLong()).isEqualTo(10);
    assertThat(row.get("cache_read_tokens").asLong()).isZero();
    assertThat(asked.get().filters()).containsEntry(Dimension.TEAM, "platform x");
  }

  @Test
  void badParametersAre400WithTheReasonAndNeverReachTheWarehouse() throws Exception {
    HttpResponse<String> r = get("/v1/spend?group_by=planet");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json.readTree(r.body()).get("error").asText()).contains("unknown dimension 'planet'");
    assertThat(get("/v1/spend?team=a&team=b").statusCode()).isEqualTo(400);
    assertThat(asked.get()).isNull();
  }

  @Test
  void anUnreachableWarehouseIs503AndHealthSaysSo() throws Exception {
    assertThat(get("/health").statusCode()).isEqualTo(200);
    warehouseDown = true;
    HttpResponse<String> r = get("/v1/spend");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).contains("unreachable");
    assertThat(get("/health").statusCode()).isEqualTo(503);
  }

  @Test
  void unknownPathsAndMethodsAreRejected() throws Exception {
    assertThat(get("/v2/anything").statusCode()).isEqualTo(404);
    HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/spend"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
  }
}
