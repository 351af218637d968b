package dev.tokenledger.schemas.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.schemas.testing.StackEnv;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The local ClickHouse is real: a table is created and rows round-trip through the HTTP interface. */
class ClickHouseSmokeIT {

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void createsATableAndRoundTripsRows() throws Exception {
    String db = StackEnv.unique("smoke");
    try {
      sql("CREATE DATABASE " + db, null);
      sql("CREATE TABLE " + db + ".t (id String, ts DateTime('UTC'), cost Decimal(18, 9)) "
          + "ENGINE = MergeTree PARTITION BY toYYYYMM(ts) ORDER BY (id, ts)", null);
      sql("INSERT INTO " + db + ".t FORMAT TabSeparated",
          "a\t2026-11-24 10:00:00\t0.000000001\nb\t2026-11-24 11:00:00\t12.500000000\n");
      String result = sql("SELECT id, toString(ts), toString(cost) FROM " + db + ".t ORDER BY id FORMAT TabSeparated", null);
      assertThat(result).isEqualTo("a\t2026-11-24 10:00:00\t0.000000001\nb\t2026-11-24 11:00:00\t12.500000000\n");
      assertThat(sql("SELECT toString(sum(cost)) FROM " + db + ".t FORMAT TabSeparated", null)).isEqualTo("12.500000001\n");
    } finally {
      sql("DROP DATABASE IF EXISTS " + db, null);
    }
  }

  private String sql(String query, String body) throws Exception {
    HttpRequest.Builder req;
    if (body == null) {
      req = HttpRequest.newBuilder(URI.create(StackEnv.clickhouseUrl() + "/"))
          .POST(HttpRequest.BodyPublishers.ofString(query, StandardCharsets.UTF_8));
    } else {
      req = HttpRequest.newBuilder(URI.create(StackEnv.clickhouseUrl() + "/?query="
              + URLEncoder.encode(query, StandardCharsets.UTF_8)))
          .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }
    HttpResponse<String> resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(resp.statusCode()).as("%s -> %s", query, resp.body()).isEqualTo(200);
    return resp.body();
  }
}
