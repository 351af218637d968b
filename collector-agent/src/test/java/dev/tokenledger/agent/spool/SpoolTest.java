package dev.tokenledger.agent.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {

  @TempDir
  Path dir;

  static byte[] payload(int i) {
    return ("event-" + i).getBytes(StandardCharsets.UTF_8);
  }

  static UUID id(int i) {
    return new UUID(42, i);
  }

  static List<String> drain(Spool s) throws Exception {
    List<String> out = new ArrayList<>();
    long after = s.ackedSeq();
    while (true) {
      List<SpoolRecord> batch = s.read(after, 3, 0);
      if (batch.isEmpty()) {
        return out;
      }
      for (SpoolRecord r : batch) {
        assertThat(r.seq()).isEqualTo(after + 1);
        after = r.seq();
        out.add(new String(r.payload(), StandardCharsets.UTF_8));
      }
    }
  }

  @Test
  void appendedEventsAreInvisibleUntilSyncedThenReadInOrder() throws Exception {
    try (Spool s = Spool.open(dir, 1 << 30)) {
      for (int i = 1; i <= 10; i++) {
        assertThat(s.append(id(i), 1000 + i, payload(i))).isEqualTo(i);
      }
      assertThat(s.read(0, 100, 0)).isEmpty();
      assertThat(s.depth()).isZero();
      s.sync();
      assertThat(s.depth()).isEqualTo(10);
      List<SpoolRecord> first = s.read(0, 1, 0);
      assertThat(first.get(0).eventId()).isEqualTo(id(1));
      assertThat(first.get(0).spooledAtMillis()).isEqualTo(1001);
      assertThat(drain(s)).containsExactly("event-1", "event-2", "event-3", "event-4", "event-5", "event-6", "event-7",
          "event-8", "event-9", "event-10");
    }
  }

  @Test
  void reopeningResumesAfterTheAcknowledgedSequence() throws Exception {
    try (Spool s = Spool.open(dir, 1 << 30)) {
      for (int i = 1; i <= 5; i++) {
        s.append(id(i), 0, payload(i));
      }
      s.sync();
      s.ack(2);
    }
    try (Spool s = Spool.open(dir, 1 << 30)) {
      assertThat(s.ackedSeq()).isEqualTo(2);
      assertThat(s.depth()).isEqualTo(3);
      assertThat(drain(s)).containsExactly("event-3", "event-4", "event-5");
      assertThat(s.append(id(6), 0, payload(6))).isEqualTo(6);
      s.sync();
      assertThat(drain(s)).containsExactly("event-3", "event-4", "event-5", "event-6");
    }
  }

  @Test
  void aTornTailRecordIsDetectedByItsLengthAndDropped() throws Exception {
    try (Spool s = Spool.open(dir, 1 << 30)) {
      for (int i = 1; i <= 3; i++) {
        s.append(id(i), 0, payload(i));
      }
      s.sync();
    }
    Path seg = onlySegment();
    long size = Files.size(seg);
    try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
      f.setLength(size - 3); // the crash cut the last record
    }
    try (Spool s = Spool.open(dir, 1 << 30)) {
      assertThat(s.truncatedBytes()).isEqualTo(size - 3 - (size - recordSize(3)));
      assertThat(drain(s)).containsExactly("event-1", "event-2");
      assertThat(s.append(id(9), 0, payload(9))).as("the lost seq is reused by the re-read event").isEqualTo(3);
    }
  }

  @Test
  void aTailRecordWithAFlippedByteFailsItsCrcAndIsDropped() throws Exception {
    try (Spool s = Spool.open(dir, 1 << 30)) {
      for (int i = 1; i <= 3; i++) {
        s.append(id(i), 0, payload(i));
      }
      s.sync();
    }
    Path seg = onlySegment();
    try (RandomAccessFile f = new RandomAccessFile(seg.toFile(), "rw")) {
      f.seek(f.length() - 1);
      int b = f.read();
      f.seek(f.length() - 1);
      f.write(b ^ 0x01);
    }
    try (Spool s = Spool.open(dir, 1 << 30)) {
      assertThat(s.truncatedBytes()).isEqualTo(recordSize(3));
      assertThat(drain(s)).containsExactly("event-1", "event-2");
    }
    assertThat(Files.size(seg)).isEqualTo(2L * recordSize(1));
  }

  @Test
  void acknowledgedSegmentsAreDeletedAndTheSizeBoundIsEnforced() throws Exception {
    int big = 200_000;
    try (Spool s = Spool.open(dir, 1 << 20)) {
      s.append(id(1), 0, new byte[big]);
      s.append(id(2), 0, new byte[big]);
      s.append(id(3), 0, new byte[big]);
      s.append(id(4), 0, new byte[big]);
      s.append(id(5), 0, new byte[big]);
      assertThatThrownBy(() -> s.append(id(6), 0, new byte[big]))
          .isInstanceOf(SpoolFullException.class).hasMessageContaining("spool.max-bytes");
      s.sync();
      assertThat(s.depth()).isEqualTo(5);
      s.ack(5);
      assertThat(s.depth()).isZero();
    }
    try (Spool s = Spool.open(dir, 1 << 20)) {
      assertThat(s.bytes()).as("a fully acknowledged spool frees its space on reopen").isZero();
      assertThat(s.append(id(6), 0, new byte[big])).isEqualTo(6);
    }
  }

  @Test
  void forEachPendingListsUnacknowledgedIds() throws Exception {
    try (Spool s = Spool.open(dir, 1 << 30)) {
      for (int i = 1; i <= 4; i++) {
        s.append(id(i), 0, payload(i));
      }
      s.sync();
      s.ack(1);
      List<UUID> ids = new ArrayList<>();
      s.forEachPending(r -> ids.add(r.eventId()));
      assertThat(ids).containsExactly(id(2), id(3), id(4));
    }
  }

  @Test
  void readsFromAnyPositionBeforeAndAfterReopen() throws Exception {
    try (Spool s = Spool.open(dir, 1 << 30)) {
      for (int i = 1; i <= 1000; i++) {
        s.append(id(i), 0, payload(i));
      }
      s.sync();
      assertThat(s.read(600, 3, 0)).extracting(SpoolRecord::seq).containsExactly(601L, 602L, 603L);
      assertThat(s.read(255, 2, 0)).extracting(SpoolRecord::seq).containsExactly(256L, 257L);
      assertThat(s.read(256, 1, 0)).extracting(SpoolRecord::eventId).containsExactly(id(257));
    }
    try (Spool s = Spool.open(dir, 1 << 30)) {
      assertThat(s.read(900, 2, 0)).extracting(r -> new String(r.payload(), StandardCharsets.UTF_8))
          .containsExactly("event-901", "event-902");
      assertThat(s.read(999, 5, 0)).extracting(SpoolRecord::seq).containsExactly(1000L);
      assertThat(s.read(0, 1, 0)).extracting(SpoolRecord::seq).containsExactly(1L);
    }
  }

  @Test
  void recordsKeepTheFormatTheyWereWrittenInAcrossAnUpgrade() throws Exception {
    try (Spool s = Spool.open(dir, 1 << 30, "schema-v1")) {
      s.append(id(1), 0, payload(1));
      s.append(id(2), 0, payload(2));
      s.sync();
    }
    try (Spool s = Spool.open(dir, 1 << 30, "schema-v2")) { // the upgraded agent
      s.append(id(3), 0, payload(3));
      s.sync();
      assertThat(s.read(0, 10, 0)).extracting(SpoolRecord::format).containsExactly("schema-v1", "schema-v1");
      assertThat(s.read(2, 10, 0)).extracting(SpoolRecord::format).containsExactly("schema-v2");
      s.ack(2);
    }
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("seg-")).sorted())
          .containsExactly("seg-00000000000000000003.format", "seg-00000000000000000003.log");
    }
  }

  @Test
  void readersNeverSeeRecordsBeyondTheLastSync() throws Exception {
    try (Spool s = Spool.open(dir, 1 << 30, "a")) {
      s.append(id(1), 0, payload(1));
      s.sync();
      s.append(id(2), 0, payload(2));
    }
    try (Spool s = Spool.open(dir, 1 << 30, "b")) { // a new format rolls the segment, forcing record 2 to disk
      s.append(id(3), 0, payload(3));
      assertThat(s.read(0, 10, 0)).extracting(SpoolRecord::seq).containsExactly(1L, 2L);
      assertThat(s.read(2, 10, 0)).as("record 3 is not synced yet").isEmpty();
      s.sync();
      assertThat(s.read(2, 10, 0)).extracting(SpoolRecord::seq).containsExactly(3L);
    }
  }

  /** Two segments: records 1-3 sealed in the first ("a"), 4-5 in the second ("b"). */
  private List<Path> twoSegments() throws IOException {
    try (Spool s = Spool.open(dir, 1 << 30, "a")) {
      for (int i = 1; i <= 3; i++) {
        s.append(id(i), 0, payload(i));
      }
      s.sync();
    }
    try (Spool s = Spool.open(dir, 1 << 30, "b")) {
      for (int i = 4; i <= 5; i++) {
        s.append(id(i), 0, payload(i));
      }
      s.sync();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().toList();
    }
  }

  private static void flipByte(Path file, long position) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(position);
      int b = f.read();
      f.seek(position);
      f.write(b ^ 0x01);
    }
  }

  @Test
  void aBadRecordInASealedSegmentStopsTheOpenNamingFileAndOffsetAndDeletesNothing() throws Exception {
    List<Path> segs = twoSegments();
    assertThat(segs).hasSize(2);
    long secondRecord = recordSize(1);
    flipByte(segs.get(0), secondRecord + SpoolSegment.FRAME_HEADER + SpoolSegment.BODY_HEADER); // a payload byte of record 2
    byte[] first = Files.readAllBytes(segs.get(0));
    byte[] second = Files.readAllBytes(segs.get(1));

    assertThatThrownBy(() -> Spool.open(dir, 1 << 30, "b"))
        .isInstanceOf(SpoolCorruptException.class)
        .hasMessageContaining(segs.get(0).toString())
        .hasMessageContaining("offset " + secondRecord)
        .hasMessageContaining("CRC")
        .satisfies(e -> assertThat(((SpoolCorruptException) e).offset()).isEqualTo(secondRecord));

    assertThat(Files.readAllBytes(segs.get(0))).as("the sealed segment is untouched").isEqualTo(first);
    assertThat(Files.readAllBytes(segs.get(1))).as("later segments are kept").isEqualTo(second);
    assertThat(dir.resolve("seg-00000000000000000004.format")).exists();
  }

  @Test
  void aSealedSegmentCutShortIsCorruptionNotATornTail() throws Exception {
    List<Path> segs = twoSegments();
    long size = Files.size(segs.get(0));
    try (RandomAccessFile f = new RandomAccessFile(segs.get(0).toFile(), "rw")) {
      f.setLength(size - 3);
    }
    assertThatThrownBy(() -> Spool.open(dir, 1 << 30, "b"))
        .isInstanceOf(SpoolCorruptException.class)
        .hasMessageContaining("offset " + 2 * recordSize(1));
    assertThat(Files.size(segs.get(0))).isEqualTo(size - 3);
    assertThat(segs.get(1)).exists();
  }

  @Test
  void onlyTheLastSegmentsTornTailIsTruncatedEarlierSegmentsStay() throws Exception {
    List<Path> segs = twoSegments();
    long size = Files.size(segs.get(1));
    try (RandomAccessFile f = new RandomAccessFile(segs.get(1).toFile(), "rw")) {
      f.setLength(size - 3);
    }
    try (Spool s = Spool.open(dir, 1 << 30, "b")) {
      assertThat(s.truncatedBytes()).isEqualTo(recordSize(5) - 3);
      assertThat(drain(s)).containsExactly("event-1", "event-2", "event-3", "event-4");
      assertThat(s.append(id(9), 0, payload(9))).isEqualTo(5);
    }
    assertThat(segs.get(0)).exists();
  }

  @Test
  void aSpoolKeepsItsEpochAndARecreatedSpoolGetsANewOne() throws Exception {
    String epoch;
    try (Spool s = Spool.open(dir, 1 << 30)) {
      epoch = s.epoch();
      assertThat(UUID.fromString(epoch).toString()).isEqualTo(epoch);
      assertThat(s.predatesEpochs()).isFalse();
      s.append(id(1), 0, payload(1));
      s.sync();
    }
    try (Spool s = Spool.open(dir, 1 << 30)) {
      assertThat(s.epoch()).isEqualTo(epoch);
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.toList()) {
        Files.delete(p); // the spool is lost
      }
    }
    try (Spool s = Spool.open(dir, 1 << 30)) {
      assertThat(s.epoch()).isNotEqualTo(epoch);
      assertThat(s.append(id(2), 0, payload(2))).as("sequences restart").isEqualTo(1);
    }
  }

  @Test
  void aSpoolFromBeforeEpochsIsGivenOneAndMayAdoptTheUnversionedCursor() throws Exception {
    try (Spool s = Spool.open(dir, 1 << 30)) {
      s.append(id(1), 0, payload(1));
      s.sync();
    }
    Files.delete(dir.resolve(SpoolEpoch.FILE)); // as an older agent left it
    String epoch;
    try (Spool s = Spool.open(dir, 1 << 30)) {
      assertThat(s.predatesEpochs()).isTrue();
      epoch = s.epoch();
    }
    try (Spool s = Spool.open(dir, 1 << 30)) {
      assertThat(s.epoch()).isEqualTo(epoch);
      assertThat(s.predatesEpochs()).isTrue();
    }
  }

  private static long recordSize(int i) {
    return SpoolSegment.FRAME_HEADER + SpoolSegment.BODY_HEADER + payload(i).length;
  }

  private Path onlySegment() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> segs = s.filter(p -> p.getFileName().toString().endsWith(".log")).toList();
      assertThat(segs).hasSize(1);
      return segs.get(0);
    }
  }
}
