package dev.tokenledger.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.api.auth.AuthenticationException;
import dev.tokenledger.api.auth.InMemoryTokenStore;
import dev.tokenledger.api.query.Page;
import dev.tokenledger.api.query.QueryId;
import dev.tokenledger.api.query.SessionDetail;
import dev.tokenledger.api.query.SessionQuery;
import dev.tokenledger.api.query.SpendQuery;
import dev.tokenledger.api.query.SpendRepository;
import dev.tokenledger.api.query.SpendRow;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's static files: served without a credential under a strict Content-Security-Policy (no
 * inline script or style), only the listed files, the chart library from its WebJar, while every /v1
 * route still needs a token and keeps the API's own policy.
 */
class DashboardRoutesTest {

  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private ApiServer server;

  @BeforeEach
  void start() {
    SpendRepository nothing = new SpendRepository() {
      @Override
      public Page<SpendRow> spend(SpendQuery query, QueryId id) {
        throw new AssertionError("the dashboard files never ask the warehouse");
      }

      @Override
      public Optional<SessionDetail> session(SessionQuery query, QueryId id) {
        throw new AssertionError("the dashboard files never ask the warehouse");
      }

      @Override
      public void cancel(QueryId id) {}
    };
    server = new ApiServices(HttpOptions.local("127.0.0.1", 0), bearer -> {
      throw new AuthenticationException("invalid or revoked API token");
    }, new InMemoryTokenStore(), nothing, ZoneId.of("UTC"), Duration.ofHours(25), Clock.systemUTC(), () -> true).server();
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void thePageIsServedWithoutCredentialsUnderAPolicyAllowingScriptsFromThisServerOnly() throws Exception {
    for (String path : List.of("/dashboard/", "/dashboard")) {
      HttpResponse<String> page = get(path);
      assertThat(page.statusCode()).as(path).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Type").map(v -> v.replace(" ", ""))).hasValue("text/html;charset=utf-8");
      String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
      assertThat(csp).contains("default-src 'none'", "script-src 'self';", "style-src 'self';", "connect-src 'self'", "frame-ancestors 'none'")
          .doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:");
      assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
      assertThat(page.body()).contains("<script src=\"/dashboard/lib/echarts.min.js\" defer></script>",
          "<script src=\"/dashboard/dashboard.js\" defer></script>");
    }
    assertThat(get("/").statusCode()).isEqualTo(302);
    assertThat(get("/").headers().firstValue("Location")).hasValue("/dashboard/");
  }

  @Test
  void thePageHasNoInlineScriptStyleOrHandlerAndLoadsNothingFromElsewhere() throws Exception {
    String page = get("/dashboard/").body();
    Matcher scripts = Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(page);
    int count = 0;
    while (scripts.find()) {
      count++;
      assertThat(scripts.group(1)).contains("src=\"/dashboard/");
      assertThat(scripts.group(2)).isBlank();
    }
    assertThat(count).isEqualTo(2);
    assertThat(page).doesNotContainPattern("\\sstyle=").doesNotContainPattern("\\son[a-z]+=").doesNotContain("<style", "//cdn", "https://");
    String script = get("/dashboard/dashboard.js").body();
    assertThat(script).doesNotContain("eval(", "new Function", "innerHTML", "localStorage", "http://", "https://");
  }

  @Test
  void theChartLibraryComesFromItsWebJarAndOnlyListedFilesAreServed() throws Exception {
    HttpResponse<String> lib = get("/dashboard/lib/echarts.min.js");
    assertThat(lib.statusCode()).isEqualTo(200);
    assertThat(lib.headers().firstValue("Content-Type").map(v -> v.replace(" ", ""))).hasValue("text/javascript;charset=utf-8");
    assertThat(lib.body()).isEqualTo(webJarFile()).contains("echarts");
    String etag = lib.headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> again = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/dashboard/lib/echarts.min.js"))
        .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(get("/dashboard/dashboard.css").headers().firstValue("Content-Type").map(v -> v.replace(" ", ""))).hasValue("text/css;charset=utf-8");
    HttpResponse<String> help = get("/dashboard/accuracy.html");
    assertThat(help.statusCode()).isEqualTo(200);
    assertThat(help.headers().firstValue("Content-Type").map(v -> v.replace(" ", ""))).hasValue("text/html;charset=utf-8");
    assertThat(help.body()).contains("Not provider-final spend", "LOWER_BOUND").doesNotContain("<script");
    assertThat(get("/dashboard/").body()).contains("href=\"/dashboard/accuracy.html\"");
    for (String path : List.of("/dashboard/nope.js", "/dashboard/../openapi/tokenledger-api.json", "/dashboard/lib/echarts.js",
        "/dashboard/%2e%2e/dashboard/index.html", "/dashboard/index.html")) {
      HttpResponse<String> r = get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(404);
      assertThat(r.body()).as(path).startsWith("{\"error\":");
    }
  }

  @Test
  void theApiBehindItStillNeedsATokenAndKeepsItsOwnPolicy() throws Exception {
    HttpResponse<String> me = get("/v1/me");
    assertThat(me.statusCode()).isEqualTo(401);
    assertThat(me.headers().firstValue("Content-Security-Policy")).hasValue("default-src 'none'; frame-ancestors 'none'");
  }

  private static String webJarFile() throws IOException {
    String version = new String(resource("META-INF/maven/org.webjars.npm/echarts/pom.properties"), StandardCharsets.ISO_8859_1)
        .lines().filter(l -> l.startsWith("version=")).findFirst().orElseThrow().substring(8).trim();
    return new String(resource("META-INF/resources/webjars/echarts/" + version + "/dist/echarts.min.js"), StandardCharsets.UTF_8);
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = DashboardRoutesTest.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }
}
