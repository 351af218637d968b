package dev.tokenledger.agent.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolRecoveryTest {

  @TempDir
  Path dir;

  private Path segment(long first, long last, int cutBytes) throws IOException {
    SpoolSegment seg = SpoolSegment.create(dir, first);
    ByteBuffer out = ByteBuffer.allocate(1 << 12);
    for (long seq = first; seq <= last; seq++) {
      SpoolSegment.writeFrame(out, seq, seq, new UUID(0, seq), "p".getBytes(StandardCharsets.UTF_8));
    }
    Files.write(seg.path, Arrays.copyOf(out.array(), out.position() - cutBytes));
    Files.writeString(seg.formatFile(), "v" + first);
    return seg.path;
  }

  @Test
  void anEmptyDirectoryIsANewSpool() throws IOException {
    SpoolRecovery.Recovered r = SpoolRecovery.recover(dir, "v1");
    assertThat(r.segments()).isEmpty();
    assertThat(r.ackedSeq()).isZero();
    assertThat(r.epoch().predatesEpochs()).isFalse();
  }

  @Test
  void segmentsAreReadBackAndOnlyTheLastOnesTornTailIsCut() throws IOException {
    Files.writeString(dir.resolve(SpoolRecovery.ACKED_FILE), "2");
    segment(1, 3, 0);
    Path last = segment(4, 6, 3);
    long frame = SpoolSegment.frameLength(1);
    SpoolRecovery.Recovered r = SpoolRecovery.recover(dir, "ignored");
    assertThat(r.ackedSeq()).isEqualTo(2);
    assertThat(r.segments()).extracting(s -> s.lastSeq).containsExactly(3L, 5L);
    assertThat(r.segments()).extracting(s -> s.format).containsExactly("v1", "v4");
    assertThat(r.truncatedBytes()).isEqualTo(frame - 3);
    assertThat(r.bytes()).isEqualTo(5 * frame);
    assertThat(Files.size(last)).isEqualTo(2 * frame);
    assertThat(r.epoch().predatesEpochs()).as("state without an epoch file").isTrue();
  }

  @Test
  void aBadRecordInASealedSegmentIsCorruptionAndNothingIsCut() throws IOException {
    Path sealed = segment(1, 3, 3);
    segment(4, 6, 0);
    long size = Files.size(sealed);
    assertThatThrownBy(() -> SpoolRecovery.recover(dir, "v1")).isInstanceOf(SpoolCorruptException.class);
    assertThat(Files.size(sealed)).isEqualTo(size);
  }
}
