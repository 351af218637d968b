package dev.tokenledger.api.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenledger.api.auth.InMemoryTokenStore;
import dev.tokenledger.api.auth.Role;
import dev.tokenledger.api.auth.TokenAuthenticator;
import dev.tokenledger.api.auth.TokenIssuer;
import dev.tokenledger.api.auth.TokenSecrets;
import dev.tokenledger.api.query.Page;
import dev.tokenledger.api.query.QueryId;
import dev.tokenledger.api.query.SessionDetail;
import dev.tokenledger.api.query.SessionQuery;
import dev.tokenledger.api.query.SpendQuery;
import dev.tokenledger.api.query.SpendRepository;
import dev.tokenledger.api.query.SpendRow;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin's token routes with real token authentication over an in-memory store. */
class TokenRoutesTest {

  private final InMemoryTokenStore store = new InMemoryTokenStore();
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private ApiServer server;
  private String admin;
  private String otherOrgAdmin;
  private String developer;

  @BeforeEach
  void start() {
    Clock clock = Clock.systemUTC();
    TokenIssuer issuer = new TokenIssuer(store, new TokenSecrets(), clock);
    admin = issuer.issue("acme", "dora", "", Set.of(), Role.ADMIN, "root", "cli", Optional.empty()).plaintext();
    otherOrgAdmin = issuer.issue("globex", "gil", "", Set.of(), Role.ADMIN, "root", "cli", Optional.empty()).plaintext();
    developer = issuer.issue("acme", "alice", "", Set.of(), Role.DEVELOPER, "", "cli", Optional.empty()).plaintext();
    SpendRepository nothing = new SpendRepository() {
      @Override
      public Page<SpendRow> spend(SpendQuery query, QueryId id) {
        return new Page<>(List.of(), false);
      }

      @Override
      public Optional<SessionDetail> session(SessionQuery query, QueryId id) {
        return Optional.empty();
      }

      @Override
      public void cancel(QueryId id) {}
    };
    server = new ApiServices(new HttpOptions("127.0.0.1", 0, 2048, List.of(), 8, 2, Duration.ofSeconds(1), Duration.ofSeconds(1)),
        new TokenAuthenticator(store, clock, Duration.ZERO), store, nothing, ZoneId.of("UTC"), Duration.ofHours(25), clock, () -> true)
        .server();
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> send(String token, String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .header("Authorization", "Bearer " + token)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anAdminIssuesATokenThatWorksAtOnceAndRevokesIt() throws Exception {
    HttpResponse<String> created = send(admin, "POST", "/v1/tokens",
        "{\"user\": \"bob\", \"role\": \"manager\", \"teams\": [\"platform\"], \"label\": \"ci\", \"expires_in_days\": 30}");
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode c = json.readTree(created.body());
    String token = c.get("token").asText();
    String id = c.get("rows").get(0).get("id").asText();
    assertThat(token).startsWith("tlk_" + id + "_");
    assertThat(c.get("rows").get(0).get("org").asText()).isEqualTo("acme");
    assertThat(c.get("rows").get(0).get("created_by").asText()).isEqualTo("dora");

    JsonNode me = json.readTree(send(token, "GET", "/v1/me", null).body()).get("rows").get(0);
    assertThat(me.get("role").asText()).isEqualTo("manager");
    assertThat(me.get("teams").asText()).isEqualTo("platform");

    HttpResponse<String> list = send(admin, "GET", "/v1/tokens", null);
    String secret = token.substring(("tlk_" + id + "_").length());
    assertThat(secret).hasSize(43);
    assertThat(list.body()).doesNotContain(secret).contains(id);
    assertThat(send(admin, "GET", "/v1/tokens?format=csv", null).body()).startsWith("id,org,user,email,role,teams");
    assertThat(json.readTree(send(otherOrgAdmin, "GET", "/v1/tokens", null).body()).get("rows")).hasSize(1);

    assertThat(send(otherOrgAdmin, "DELETE", "/v1/tokens/" + id, null).statusCode()).isEqualTo(404);
    assertThat(send(token, "GET", "/v1/me", null).statusCode()).isEqualTo(200);
    HttpResponse<String> revoked = send(admin, "DELETE", "/v1/tokens/" + id, null);
    assertThat(revoked.statusCode()).isEqualTo(200);
    assertThat(json.readTree(revoked.body()).get("rows").get(0).get("revoked").isNull()).isFalse();
    assertThat(send(token, "GET", "/v1/me", null).statusCode()).isEqualTo(401);
  }

  @Test
  void onlyAnAdminManagesTokens() throws Exception {
    assertThat(send(developer, "GET", "/v1/tokens", null).statusCode()).isEqualTo(403);
    assertThat(send(developer, "POST", "/v1/tokens", "{\"user\": \"alice\", \"role\": \"admin\"}").statusCode()).isEqualTo(403);
    assertThat(store.list("acme")).hasSize(2);
  }

  @Test
  void badBodiesAre400NamingTheField() throws Exception {
    String[][] cases = {
        {"not json", "body:"},
        {"[]", "body:"},
        {"{\"role\": \"developer\"}", "user:"},
        {"{\"user\": \"x\", \"role\": \"owner\"}", "role:"},
        {"{\"user\": \"x\", \"role\": \"manager\"}", "teams:"},
        {"{\"user\": \"x\", \"role\": \"developer\", \"org\": \"globex\"}", "org: unknown field"},
        {"{\"user\": \"x\", \"role\": \"developer\", \"expires_in_days\": -1}", "expires_in_days:"},
        {"{\"user\": 7, \"role\": \"developer\"}", "user:"}};
    for (String[] c : cases) {
      HttpResponse<String> r = send(admin, "POST", "/v1/tokens", c[0]);
      assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
      assertThat(json.readTree(r.body()).get("error").asText()).as(c[0]).startsWith(c[1]);
    }
    HttpResponse<String> big = send(admin, "POST", "/v1/tokens", "{\"user\": \"" + "x".repeat(5000) + "\", \"role\": \"developer\"}");
    assertThat(big.statusCode()).isEqualTo(413);
    assertThat(store.list("acme")).hasSize(2);
  }
}
