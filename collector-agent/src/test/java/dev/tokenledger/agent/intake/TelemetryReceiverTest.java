package dev.tokenledger.agent.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenledger.agent.attribution.Attributor;
import dev.tokenledger.agent.attribution.GitRepositoryReader;
import dev.tokenledger.agent.attribution.Hashes;
import dev.tokenledger.agent.attribution.MachineIdentity;
import dev.tokenledger.agent.otlp.OtlpRequests;
import dev.tokenledger.agent.otlp.TelemetryUsage;
import dev.tokenledger.agent.spool.DedupIndex;
import dev.tokenledger.agent.spool.EventJournal;
import dev.tokenledger.agent.spool.Spool;
import dev.tokenledger.agent.spool.SpoolRecord;
import dev.tokenledger.agent.validation.UsageLimits;
import dev.tokenledger.agent.validation.UsageValidator;
import dev.tokenledger.events.UsageEvent;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The central receiver: token list, telemetry identity, browsers refused. */
class TelemetryReceiverTest {

  static final String TOKEN = "a".repeat(20) + "0123456789abcdef";

  @TempDir
  Path dir;

  Spool spool;
  EventJournal journal;
  TelemetryReceiver receiver;
  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    spool = Spool.open(dir.resolve("spool"), 1 << 30);
    journal = new EventJournal(spool, DedupIndex.open(dir, spool), Clock.systemUTC());
    Path tokens = Files.writeString(dir.resolve("tokens"), "# org tokens\n\n" + TOKEN + "\n" + "b".repeat(40) + "\n");
    MachineIdentity id = new MachineIdentity("acme", "receiver@central", Optional.empty(), "central", Optional.empty(),
        Optional.empty());
    receiver = TelemetryReceiver.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
        ReceiverTokens.read(tokens), journal, new Attributor(id, new GitRepositoryReader(), Hashes.forOrg("acme"), false,
            Duration.ofHours(1), Clock.systemUTC(), "t"),
        new TelemetryUsage(Set.of("claude_code"), new UsageValidator(UsageLimits.DEFAULTS, Clock.systemUTC())), () -> { });
  }

  @AfterEach
  void stop() throws Exception {
    receiver.close();
    journal.close();
  }

  int post(String token, String... headers) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.port() + "/v1/logs"))
        .header("Content-Type", "application/x-protobuf").POST(HttpRequest.BodyPublishers.ofByteArray(
            OtlpRequests.claudeProtobuf()));
    if (token != null) {
      r.header("Authorization", "Bearer " + token);
    }
    if (headers.length > 0) {
      r.headers(headers);
    }
    return http.send(r.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  List<UsageEvent> spooled() throws Exception {
    List<SpoolRecord> records = new ArrayList<>();
    spool.forEachPending(records::add);
    List<UsageEvent> out = new ArrayList<>();
    var reader = new org.apache.avro.specific.SpecificDatumReader<>(UsageEvent.class);
    for (SpoolRecord r : records) {
      out.add(reader.read(null, org.apache.avro.io.DecoderFactory.get().binaryDecoder(r.payload(), null)));
    }
    return out;
  }

  @Test
  void aListedTokenIsAcceptedAndTheTelemetryNamesTheUser() throws Exception {
    assertThat(post(TOKEN)).isEqualTo(200);
    List<UsageEvent> events = spooled();
    assertThat(events).hasSize(1);
    UsageEvent e = events.get(0);
    assertThat(e.getUserId()).isEqualTo("ada@example.com");
    assertThat(e.getUserEmail()).isEqualTo("ada@example.com");
    assertThat(e.getTeam()).isEqualTo("platform");
    assertThat(e.getCostCentre()).isEqualTo("eng-123");
    assertThat(e.getOrgId()).isEqualTo("acme");
    assertThat(e.getHost()).isEqualTo("unknown");
  }

  @Test
  void unknownOrMissingTokensAndBrowsersAreRefused() throws Exception {
    assertThat(post(null)).isEqualTo(401);
    assertThat(post("c".repeat(40))).isEqualTo(401);
    assertThat(post(TOKEN, "Origin", "https://evil.example")).isEqualTo(403);
    assertThat(spooled()).isEmpty();
  }

  @Test
  void aTokenFileWithShortOrNoTokensIsRefusedNamingTheLine() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad"), "# x\nshort\n");
    assertThatThrownBy(() -> ReceiverTokens.read(bad)).isInstanceOf(IOException.class).hasMessageContaining("line 2")
        .hasMessageNotContaining("short");
    Path empty = Files.writeString(dir.resolve("empty"), "# none\n");
    assertThatThrownBy(() -> ReceiverTokens.read(empty)).hasMessageContaining("holds no token");
  }
}
