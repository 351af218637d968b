package dev.tokenledger.agent.orgmap;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.tokenledger.agent.config.AgentConfig;
import dev.tokenledger.schemas.testing.MutableClock;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetching the mapping from a real local HTTP server: 200, 304, errors, bad documents, the cache (ADR 0144). */
class OrgMappingServiceTest {

  static final String V1 = """
      {"version": 1, "rules": [{"email": "*@example.com", "team": "engineering", "cost_centre": "CC-1000"}]}
      """;
  static final String V2 = """
      {"version": 1, "rules": [{"email": "*@example.com", "team": "platform", "cost_centre": "CC-2000"}]}
      """;

  @TempDir
  Path tmp;

  HttpServer server;
  String url;
  final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));
  volatile int status = 200;
  volatile String body = V1;
  volatile String etag = "\"v1\"";
  volatile boolean always304;
  final List<String> ifNoneMatch = Collections.synchronizedList(new ArrayList<>());
  final List<String> authorization = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/org-mapping.json", ex -> {
      try (ex) {
        String seen = ex.getRequestHeaders().getFirst("If-None-Match");
        ifNoneMatch.add(String.valueOf(seen));
        authorization.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
        if (status == 200 && etag != null && (etag.equals(seen) || always304)) {
          ex.getResponseHeaders().set("ETag", etag);
          ex.sendResponseHeaders(304, -1);
          return;
        }
        byte[] bytes = (status == 200 ? body : "boom").getBytes(StandardCharsets.UTF_8);
        if (etag != null && status == 200) {
          ex.getResponseHeaders().set("ETag", etag);
        }
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
          out.write(bytes);
        }
      }
    });
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort() + "/org-mapping.json";
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  String url() {
    return url;
  }

  OrgMappingService service(String location, boolean persist, Map<String, String> env, Optional<String> tokenEnv) {
    return OrgMappingService.open(new AgentConfig.OrgMapping(Optional.of(location), tokenEnv, Duration.ofHours(1)),
        tmp.resolve("state"), persist, env, clock);
  }

  OrgMappingService service() {
    return service(url(), true, Map.of(), Optional.empty());
  }

  @Test
  void a200IsUsedAndCachedAndA304KeepsItWithTheSameEtag() {
    OrgMappingService s = service();
    assertThat(s.status().state()).isEqualTo(MappingStatus.State.UNAVAILABLE);
    assertThat(s.due()).isTrue();
    MappingStatus first = s.refresh();
    assertThat(first.state()).isEqualTo(MappingStatus.State.CURRENT);
    assertThat(first.etag()).isEqualTo("\"v1\"");
    assertThat(first.rules()).isEqualTo(1);
    assertThat(s.assign("ada@example.com", null).team()).isEqualTo("engineering");
    assertThat(Files.exists(tmp.resolve("state/org-mapping/document"))).isTrue();
    assertThat(s.due()).as("fresh until the refresh interval has passed").isFalse();

    clock.advance(Duration.ofMinutes(61));
    assertThat(s.due()).isTrue();
    MappingStatus second = s.refreshIfDue();
    assertThat(ifNoneMatch).containsExactly("null", "\"v1\"");
    assertThat(second.state()).isEqualTo(MappingStatus.State.CURRENT);
    assertThat(second.fetchedAt()).as("not modified: the copy is the one fetched first").isEqualTo(first.fetchedAt());
    assertThat(second.checkedAt()).isEqualTo(clock.instant());
    assertThat(s.assign("ada@example.com", null).team()).isEqualTo("engineering");

    body = V2;
    etag = "\"v2\"";
    clock.advance(Duration.ofMinutes(61));
    assertThat(s.refreshIfDue().etag()).isEqualTo("\"v2\"");
    assertThat(s.assign("ada@example.com", null)).as("a new document replaces the old one at once")
        .extracting(a -> a.team(), a -> a.costCentre()).containsExactly("platform", "CC-2000");
  }

  @Test
  void whenTheServerFailsOrIsDownTheCachedCopyStaysInUseAndARestartReadsIt() {
    OrgMappingService s = service();
    s.refresh();
    status = 500;
    clock.advance(Duration.ofMinutes(61));
    MappingStatus failed = s.refreshIfDue();
    assertThat(failed.state()).isEqualTo(MappingStatus.State.STALE);
    assertThat(failed.lastError()).contains("HTTP 500");
    assertThat(s.assign("ada@example.com", null).team()).isEqualTo("engineering");
    assertThat(s.due()).as("a failed read is not repeated at once").isFalse();
    clock.advance(OrgMappingService.RETRY.minusSeconds(1));
    assertThat(s.due()).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(s.due()).isTrue();

    server.stop(0);
    server = null;
    OrgMappingService restarted = service();
    assertThat(restarted.status().state()).as("the cache is read on start, before any fetch")
        .isEqualTo(MappingStatus.State.STALE);
    assertThat(restarted.assign("ada@example.com", null).team()).isEqualTo("engineering");
    MappingStatus down = restarted.refresh();
    assertThat(down.state()).isEqualTo(MappingStatus.State.STALE);
    assertThat(down.lastError()).startsWith("http://127.0.0.1:");
    assertThat(restarted.assign("ada@example.com", null).costCentre()).isEqualTo("CC-1000");
  }

  @Test
  void aBadDocumentIsRejectedWholeAndTheLastGoodOneKept() throws IOException {
    OrgMappingService s = service();
    s.refresh();
    body = """
        {"version": 1, "rules": [{"email": "*@example.com", "team": "platform"}, {"email": "x", "team": "y"}]}
        """;
    etag = "\"v2-bad\"";
    MappingStatus rejected = s.refresh();
    assertThat(rejected.state()).isEqualTo(MappingStatus.State.STALE);
    assertThat(rejected.lastError()).contains("the document was rejected").contains("rules[1]: email 'x'");
    assertThat(rejected.etag()).as("the good copy's ETag, so the next read asks again").isEqualTo("\"v1\"");
    assertThat(s.assign("ada@example.com", null).team()).as("not even the first, valid rule of it is used")
        .isEqualTo("engineering");
    assertThat(Files.readString(tmp.resolve("state/org-mapping/document"))).isEqualTo(V1);
  }

  @Test
  void theFirstStartWithoutCacheAndTheServerDownAssignsNothingAndSaysWhy() {
    server.stop(0);
    OrgMappingService s = service(url(), true, Map.of(), Optional.empty());
    server = null;
    MappingStatus st = s.refresh();
    assertThat(st.state()).isEqualTo(MappingStatus.State.UNAVAILABLE);
    assertThat(st.lastError()).isNotBlank();
    assertThat(s.assign("ada@example.com", null).team()).isNull();
  }

  @Test
  void theTokenIsSentAsBearerAndAMissingVariableIsAClearError() {
    OrgMappingService s = service(url(), true, Map.of("ORG_MAP_TOKEN", "s3cret"), Optional.of("ORG_MAP_TOKEN"));
    assertThat(s.refresh().state()).isEqualTo(MappingStatus.State.CURRENT);
    assertThat(authorization).containsExactly("Bearer s3cret");
    OrgMappingService unset = OrgMappingService.open(new AgentConfig.OrgMapping(Optional.of(url()),
        Optional.of("ORG_MAP_TOKEN"), Duration.ofHours(1)), tmp.resolve("other-state"), true, Map.of(), clock);
    assertThat(unset.refresh().lastError()).isEqualTo("org.mapping-token-env names ORG_MAP_TOKEN, which is not set in"
        + " this environment");
    assertThat(authorization).hasSize(1);
  }

  @Test
  void a304ForAnAgentWithoutACopyIsAFailedRead() {
    always304 = true;
    OrgMappingService s = service();
    MappingStatus st = s.refresh();
    assertThat(st.state()).isEqualTo(MappingStatus.State.UNAVAILABLE);
    assertThat(st.lastError()).endsWith("answered 304 Not Modified, but this agent has no copy");
    assertThat(ifNoneMatch).containsExactly("null");
  }

  @Test
  void aReadOnlyServiceStoresNothing() {
    OrgMappingService s = service(url(), false, Map.of(), Optional.empty());
    assertThat(s.refresh().state()).isEqualTo(MappingStatus.State.CURRENT);
    assertThat(Files.exists(tmp.resolve("state"))).isFalse();
  }

  @Test
  void aCacheOfAnotherLocationIsIgnored() {
    service().refresh();
    OrgMappingService moved = service(url().replace("org-mapping.json", "other.json"), true, Map.of(), Optional.empty());
    assertThat(moved.status().state()).isEqualTo(MappingStatus.State.UNAVAILABLE);
    assertThat(moved.assign("ada@example.com", null).team()).isNull();
  }

  @Test
  void aFileIsReadLikeAUrlAndAnOversizedDocumentRefused() throws IOException {
    Path file = Files.writeString(tmp.resolve("mapping.csv"), "match,pattern,team,cost_centre\nemail,*@example.com,ops,\n");
    OrgMappingService s = service(file.toString(), true, Map.of(), Optional.empty());
    assertThat(s.refresh().state()).isEqualTo(MappingStatus.State.CURRENT);
    assertThat(s.assign("ada@example.com", null).team()).isEqualTo("ops");
    Files.write(file, new byte[MappingFetcher.MAX_BYTES + 1]);
    assertThat(s.refresh().lastError()).contains("is larger than");
    assertThat(s.assign("ada@example.com", null).team()).isEqualTo("ops");
  }
}
