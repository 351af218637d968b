package dev.tokenledger.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.tokenledger.agent.AgentMain;
import dev.tokenledger.agent.source.SourceEnvironment;
import dev.tokenledger.agent.spool.Spool;
import dev.tokenledger.agent.spool.SpoolRecord;
import dev.tokenledger.agent.testing.TestLogSource;
import dev.tokenledger.events.UsageEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The organisation mapping through the commands: backfill and log stamp it on events, doctor explains it (ADR 0144). */
class OrgMappingCommandsTest {

  static final String MAPPING = """
      {"version": 1, "rules": [
        {"remote": "github.com/acme/ledger", "team": "ledger", "cost_centre": "CC-LEDGER"},
        {"email": "*@payments.example.com", "team": "payments", "cost_centre": "CC-1200"}
      ]}
      """;

  @TempDir
  Path tmp;

  Map<String, String> env;
  Path repo;
  HttpServer server;
  String url;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void setUp() throws IOException {
    env = new HashMap<>();
    env.put("TOKENLEDGER_BOOTSTRAP_SERVERS", "127.0.0.1:1");
    env.put("TOKENLEDGER_REGISTRY_URL", "http://127.0.0.1:1/apis/ccompat/v7");
    env.put("TOKENLEDGER_AGENT_PUBLISH_REQUEST_TIMEOUT", "PT0.5S");
    env.put("TOKENLEDGER_AGENT_INTAKE_PORT", "0");
    env.put("TOKENLEDGER_AGENT_STATE_DIR", tmp.resolve("state").toString());
    env.put("TOKENLEDGER_AGENT_USER_EMAIL", "ada@payments.example.com");
    env.put(TestLogSource.ROOT_VARIABLE, tmp.resolve("logs").toString());
    env.put(TestLogSource.AGE_VARIABLE, TestLogSource.AGE_FOR_HISTORIC_DATES);
    repo = tmp.resolve("ledger");
    Files.createDirectories(repo.resolve(".git/refs/heads"));
    Files.writeString(repo.resolve(".git/HEAD"), "ref: refs/heads/main\n");
    Files.writeString(repo.resolve(".git/config"), "[remote \"origin\"]\n\turl = git@github.com:acme/ledger.git\n");
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/org-mapping.json", ex -> {
      try (ex) {
        byte[] bytes = MAPPING.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("ETag", "\"m1\"");
        if ("\"m1\"".equals(ex.getRequestHeaders().getFirst("If-None-Match"))) {
          ex.sendResponseHeaders(304, -1);
          return;
        }
        ex.sendResponseHeaders(200, bytes.length);
        try (OutputStream o = ex.getResponseBody()) {
          o.write(bytes);
        }
      }
    });
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort() + "/org-mapping.json";
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  int run(String... args) {
    out.reset();
    err.reset();
    return AgentMain.execute(args, () -> List.of(new TestLogSource()), new SourceEnvironment(env, tmp),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void aBackfillStampsTheMappedTeamAndCostCentreOnEveryEventWithTheLocalSettingWinning() throws Exception {
    Path file = Files.writeString(tmp.resolve("org-mapping.csv"), """
        match,pattern,team,cost_centre
        remote,github.com/acme/ledger,ledger,CC-LEDGER
        email,*@payments.example.com,payments,CC-1200
        """);
    env.put("TOKENLEDGER_AGENT_ORG_MAPPING", file.toString());
    env.put("TOKENLEDGER_AGENT_COST_CENTRE", "CC-LOCAL");
    Path logs = Files.createDirectories(tmp.resolve("logs/p"));
    Instant t = Instant.parse("2026-01-05T10:00:00Z");
    Files.writeString(logs.resolve("a.tl.jsonl"), TestLogSource.line("r1", "claude-opus-4-6", t, "s1", 100, 10,
        repo.toString()) + TestLogSource.line("r2", "claude-opus-4-6", t.plusSeconds(1), "s1", 100, 10,
        tmp.resolve("scratch").toString()));
    assertThat(run("backfill", "--dry-run", "--no-progress")).isZero();
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> events = out.toString(StandardCharsets.UTF_8).lines().map(l -> {
      try {
        return json.readTree(l);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }).toList();
    assertThat(events).hasSize(2);
    assertThat(events.get(0).path("gitRemote").asText()).isEqualTo("github.com/acme/ledger");
    assertThat(events.get(0).path("team").asText()).as("the repository's rule").isEqualTo("ledger");
    assertThat(events.get(1).path("team").asText()).as("the person's rule outside it").isEqualTo("payments");
    assertThat(events).allSatisfy(e -> assertThat(e.path("costCentre").asText()).as("the local setting wins")
        .isEqualTo("CC-LOCAL"));
    assertThat(Files.exists(tmp.resolve("state"))).as("a dry run stores nothing, not even the mapping").isFalse();
  }

  @Test
  void logTakesTheMappingFromTheUrlAndCachesIt() throws Exception {
    env.put("TOKENLEDGER_AGENT_ORG_MAPPING", url);
    assertThat(run("log", "ATLAS", "claude-sonnet-4-5", "500", "150", "--request-id", "req-1", "--wait", "PT0.2S",
        "--cwd", repo.toString())).isZero();
    try (Spool spool = Spool.open(tmp.resolve("state/spool"), 1 << 30)) {
      SpoolRecord r = spool.read(0, 10, 0).get(0);
      UsageEvent e = new SpecificDatumReader<>(UsageEvent.class).read(null,
          DecoderFactory.get().binaryDecoder(r.payload(), null));
      assertThat(e.getTeam()).isEqualTo("ledger");
      assertThat(e.getCostCentre()).isEqualTo("CC-LEDGER");
    }
    assertThat(Files.readString(tmp.resolve("state/org-mapping/document"))).isEqualTo(MAPPING);
    assertThat(run("status")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("org mapping: CURRENT, 2 rules from " + url + ", confirmed ");
  }

  @Test
  void doctorShowsEveryIdentityValueWithItsSourceAndTheMappingsState() {
    env.put("TOKENLEDGER_AGENT_ORG_MAPPING", url);
    env.put("TOKENLEDGER_AGENT_TEAM", "local-team");
    run("doctor", "--cwd", repo.toString());
    String report = out.toString(StandardCharsets.UTF_8);
    assertThat(report).containsPattern("\\[PASS] org mapping cache +none \\(nothing fetched from "
            + java.util.regex.Pattern.quote(url) + " yet\\)")
        .containsPattern("\\[PASS] org mapping +" + java.util.regex.Pattern.quote(url) + " answers: a valid document with 2 rules")
        .containsPattern("  org +default +default\n")
        .containsPattern("  email +ada@payments\\.example\\.com +env TOKENLEDGER_AGENT_USER_EMAIL\n")
        .containsPattern("  team +local-team +env TOKENLEDGER_AGENT_TEAM \\(the local setting wins over the mapping\\)\n")
        .containsPattern("  cost centre +CC-1200 +mapping " + java.util.regex.Pattern.quote(url)
            + " rules\\[1\\] \\(email \\*@payments\\.example\\.com\\)\n")
        .contains("events from " + repo + " (remote github.com/acme/ledger):")
        .containsPattern("  cost centre +CC-LEDGER +mapping .* rules\\[0\\] \\(remote github\\.com/acme/ledger\\)\n");
    assertThat(tmp.resolve("state/org-mapping")).as("doctor stores nothing").doesNotExist();

    run("log", "ATLAS", "claude-sonnet-4-5", "500", "150", "--wait", "PT0.2S", "--cwd", repo.toString());
    run("doctor", "--cwd", repo.toString());
    assertThat(out.toString(StandardCharsets.UTF_8)).containsPattern("\\[PASS] org mapping cache +2 rules, fetched .*, ETag \"m1\"")
        .contains(url + " answers: not modified since the cached copy (2 rules)");

    server.stop(0);
    run("doctor", "--cwd", repo.toString());
    assertThat(out.toString(StandardCharsets.UTF_8)).containsPattern("\\[WARN] org mapping +" + java.util.regex.Pattern.quote(url)
        + ": .*; the cached copy from .* stays in use");
    Path fresh = tmp.resolve("fresh-state");
    env.put("TOKENLEDGER_AGENT_STATE_DIR", fresh.toString());
    run("doctor", "--cwd", repo.toString());
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("nothing is cached, so the mapping assigns no team or cost"
        + " centre").containsPattern("  cost centre +- +unset \\(no mapping rule matches\\); OTLP events take the"
        + " telemetry's cost_center\n");
  }
}
