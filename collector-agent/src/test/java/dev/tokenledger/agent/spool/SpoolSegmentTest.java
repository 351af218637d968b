package dev.tokenledger.agent.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolSegmentTest {

  @TempDir
  Path dir;

  private static byte[] payload(long seq) {
    return ("event-" + seq).getBytes(StandardCharsets.UTF_8);
  }

  /** A segment file with records first..last, written in the segment format. */
  private SpoolSegment write(long first, long last) throws IOException {
    SpoolSegment seg = SpoolSegment.create(dir, first);
    ByteBuffer out = ByteBuffer.allocate(1 << 16);
    for (long seq = first; seq <= last; seq++) {
      SpoolSegment.writeFrame(out, seq, 1000 + seq, new UUID(seq, seq), payload(seq));
    }
    Files.write(seg.path, Arrays.copyOf(out.array(), out.position()));
    return seg;
  }

  @Test
  void namesAndFrameLengthsFollowTheFormat() {
    SpoolSegment seg = SpoolSegment.create(dir, 42);
    assertThat(seg.path.getFileName().toString()).isEqualTo("seg-00000000000000000042.log").matches(SpoolSegment.NAME_PATTERN);
    assertThat(seg.formatFile().getFileName().toString()).isEqualTo("seg-00000000000000000042.format");
    assertThat(SpoolSegment.of(seg.path).firstSeq).isEqualTo(42);
    assertThat(SpoolSegment.frameLength(10)).isEqualTo(8 + 32 + 10);
  }

  @Test
  void aScanValidatesEveryRecordAndIndexesPositionsForReads() throws IOException {
    SpoolSegment written = write(5, 600);
    SpoolSegment seg = SpoolSegment.of(written.path);
    seg.format = "v1";
    List<SpoolRecord> all = new ArrayList<>();
    long valid = seg.scan(all::add);
    assertThat(valid).isEqualTo(Files.size(seg.path));
    assertThat(seg.stopReason).isEmpty();
    assertThat(seg.lastSeq).isEqualTo(600);
    assertThat(all).hasSize(596);
    assertThat(all.get(0)).satisfies(r -> {
      assertThat(r.seq()).isEqualTo(5);
      assertThat(r.spooledAtMillis()).isEqualTo(1005);
      assertThat(r.eventId()).isEqualTo(new UUID(5, 5));
      assertThat(r.payload()).isEqualTo(payload(5));
      assertThat(r.format()).isEqualTo("v1");
    });
    long start = seg.positionBefore(500);
    assertThat(start).isGreaterThan(0);
    List<SpoolRecord> some = new ArrayList<>();
    seg.read(start, valid, 499, 3, some);
    assertThat(some).extracting(SpoolRecord::seq).containsExactly(500L, 501L, 502L);
  }

  @Test
  void aScanStopsAtATornTailOrABadRecordAndSaysWhy() throws IOException {
    SpoolSegment seg = write(1, 3);
    long full = Files.size(seg.path);
    byte[] bytes = Files.readAllBytes(seg.path);
    Files.write(seg.path, Arrays.copyOf(bytes, bytes.length - 2));
    SpoolSegment torn = SpoolSegment.of(seg.path);
    assertThat(torn.scan(null)).isEqualTo(full - SpoolSegment.frameLength(payload(3).length));
    assertThat(torn.lastSeq).isEqualTo(2);
    assertThat(torn.stopReason).contains("runs past the end of the file");

    bytes[SpoolSegment.FRAME_HEADER + SpoolSegment.BODY_HEADER] ^= 1; // a payload byte of record 1
    Files.write(seg.path, bytes);
    SpoolSegment bad = SpoolSegment.of(seg.path);
    assertThat(bad.scan(null)).isZero();
    assertThat(bad.stopReason).isEqualTo("CRC mismatch");
    assertThatThrownBy(() -> bad.read(0, bytes.length, 0, 10, new ArrayList<>()))
        .isInstanceOf(IOException.class).hasMessageContaining("fails its CRC");
  }
}
