package dev.tokenledger.agent.spool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.agent.event.EventIds;
import dev.tokenledger.events.SourceTool;
import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.schemas.testing.UsageEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventJournalTest {

  @TempDir
  Path dir;

  static UsageEvent event(String key) {
    return UsageEvents.claude(EventIds.of(SourceTool.CLAUDE_CODE, key), java.time.Instant.parse("2026-01-02T03:04:05Z"))
        .build();
  }

  EventJournal open() throws Exception {
    Spool spool = Spool.open(dir.resolve("spool"), 1 << 30);
    return new EventJournal(spool, DedupIndex.open(dir, spool), Clock.systemUTC());
  }

  @Test
  void anIdIsSpooledOnceAcrossReopens() throws Exception {
    try (EventJournal j = open()) {
      assertThat(j.offer(event("a"))).isTrue();
      assertThat(j.offer(event("a"))).isFalse();
      assertThat(j.offer(event("b"))).isTrue();
      j.commit();
    }
    try (EventJournal j = open()) {
      assertThat(j.offer(event("a"))).isFalse();
      assertThat(j.offer(event("c"))).isTrue();
      assertThat(j.spool().depth()).as("c is not durable before the commit").isEqualTo(2);
      j.commit();
      assertThat(j.spool().depth()).isEqualTo(3);
    }
  }

  @Test
  void idsOfSyncedEventsAreRecoveredFromTheSpoolWhenTheIndexMissedThem() throws Exception {
    try (EventJournal j = open()) {
      j.offer(event("a"));
      j.offer(event("b"));
      j.commit();
    }
    // a crash between the spool fsync and the index write: the index lost its tail
    Files.write(dir.resolve("seen.ids"), new byte[0]);
    try (EventJournal j = open()) {
      assertThat(j.knownIds()).isEqualTo(2);
      assertThat(j.offer(event("a"))).isFalse();
      assertThat(j.offer(event("b"))).isFalse();
    }
  }

  @Test
  void spooledBytesDecodeToTheSameEvent() throws Exception {
    UsageEvent original = event("x");
    try (EventJournal j = open()) {
      j.offer(original);
      j.commit();
      SpoolRecord r = j.spool().read(0, 1, 0).get(0);
      org.apache.avro.specific.SpecificDatumReader<UsageEvent> reader =
          new org.apache.avro.specific.SpecificDatumReader<>(UsageEvent.class);
      UsageEvent back = reader.read(null, org.apache.avro.io.DecoderFactory.get().binaryDecoder(r.payload(), null));
      assertThat(back).isEqualTo(original);
      assertThat(r.eventId().toString()).isEqualTo(original.getEventId());
    }
  }

  static UsageEvent claude(String key, String requestId) {
    return UsageEvents.claude(EventIds.of(SourceTool.CLAUDE_CODE, key), java.time.Instant.parse("2026-01-02T03:04:05Z"))
        .setRequestId(requestId).build();
  }

  static UsageEvent fromLog(String key, String requestId) {
    return UsageEvent.newBuilder(claude(key, requestId)).setCountsOrigin(dev.tokenledger.events.CountsOrigin.LOG_FILE).build();
  }

  static UsageEvent fromTelemetry(String key, String requestId) {
    return UsageEvent.newBuilder(claude(key, requestId)).setCountsOrigin(dev.tokenledger.events.CountsOrigin.TELEMETRY).build();
  }

  @Test
  void telemetryAfterTheLogGoesOutAsTheBetterCopyAndTheLogAfterTelemetryIsDropped() throws Exception {
    try (EventJournal j = open()) {
      assertThat(j.offer(fromLog("claude-code|msg|msg_1", "req_1"))).isTrue();
      assertThat(j.offer(fromTelemetry("claude-code|otel|req|req_1", "req_1"))).as("telemetry after the log: the better copy")
          .isTrue();
      assertThat(j.offer(fromTelemetry("claude-code|otel|req|req_1", "req_1"))).as("a re-sent export").isFalse();
      assertThat(j.offer(fromTelemetry("claude-code|otel|req|req_2", "req_2"))).isTrue();
      j.commit();
    }
    try (EventJournal j = open()) {
      assertThat(j.offer(fromLog("claude-code|msg|msg_2", "req_2"))).as("the log after telemetry, across a restart")
          .isFalse();
      assertThat(j.offer(fromLog("claude-code|msg|msg_3", null))).as("no request id: nothing to match").isTrue();
      assertThat(j.offer(fromLog("claude-code|msg|msg_4", "req_4"))).isTrue();
      assertThat(j.offer(claude("claude-code|msg|msg_5", "req_4"))).as("an older agent's copy of unknown origin").isFalse();
      j.commit();
      assertThat(j.spool().depth()).isEqualTo(5);
    }
  }

  @Test
  void requestAliasesAreOnlyForClaudeCode() throws Exception {
    try (EventJournal j = open()) {
      UsageEvent api = UsageEvents.claude(EventIds.of(SourceTool.API, "api:req_9"), java.time.Instant.parse(
          "2026-01-02T03:04:05Z")).setSource(SourceTool.API).setRequestId("req_9").build();
      assertThat(j.offer(api)).isTrue();
      assertThat(j.offer(claude("claude-code|msg|msg_9", "req_9"))).isTrue();
    }
  }

  @Test
  void aliasesOfSyncedEventsAreRecoveredFromTheSpoolWhenTheIndexMissedThem() throws Exception {
    try (EventJournal j = open()) {
      j.offer(fromTelemetry("claude-code|otel|req|req_7", "req_7"));
      j.commit();
    }
    Files.write(dir.resolve("seen.ids"), new byte[0]); // a crash between the spool fsync and the index write
    try (EventJournal j = open()) {
      assertThat(j.recoverRequestAliases()).isEqualTo(1);
      assertThat(j.offer(fromLog("claude-code|msg|msg_7", "req_7"))).as("the transcript copy").isFalse();
      assertThat(j.recoverRequestAliases()).as("nothing twice").isZero();
    }
  }
}
