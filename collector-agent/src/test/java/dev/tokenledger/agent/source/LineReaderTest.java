package dev.tokenledger.agent.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineReaderTest {

  @TempDir Path dir;

  @Test
  void complete_lines_with_offsets_crlf_stripped_and_an_unterminated_tail_left() throws IOException {
    String big = "x".repeat(3 << 20); // larger than the initial buffer: the buffer grows
    Path f = dir.resolve("f");
    Files.writeString(f, "a\r\n\n" + big + "\nlast", StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>();
    List<Long> offsets = new ArrayList<>();
    LineReader.Result r = new LineReader().read(f, 0, (buf, s, e, off) -> {
      lines.add(new String(buf, s, e - s, StandardCharsets.UTF_8));
      offsets.add(off);
    });
    assertThat(lines).containsExactly("a", "", big);
    assertThat(offsets).containsExactly(0L, 3L, 4L);
    assertThat(r.end()).isEqualTo(4L + big.length() + 1);
    assertThat(r.tailStart()).isEqualTo(r.end());
    assertThat(new String(r.tail(), StandardCharsets.UTF_8)).isEqualTo("last");

    List<String> rest = new ArrayList<>();
    LineReader.Result r2 = new LineReader().read(f, 3, (buf, s, e, off) -> rest.add(off + ":" + (e - s)));
    assertThat(rest).containsExactly("3:0", "4:" + big.length());
    assertThat(r2.end()).isEqualTo(r.end());
  }

  @Test
  void a_file_ending_with_a_newline_has_no_tail() throws IOException {
    Path f = dir.resolve("f");
    Files.writeString(f, "one\ntwo\n");
    LineReader.Result r = LineReader.forThread().read(f, 0, (buf, s, e, off) -> { });
    assertThat(r.end()).isEqualTo(8);
    assertThat(r.tailStart()).isEqualTo(-1);
  }

  @Test
  void a_read_from_the_start_keeps_the_first_bytes_and_they_give_the_files_identity() throws IOException {
    LineReader reader = new LineReader();
    java.time.Clock clock = java.time.Clock.systemUTC();
    for (int size : new int[] {0, 5, 1023, 1024, 1025, 5000, 3 << 20}) {
      byte[] bytes = new byte[size];
      for (int i = 0; i < size; i++) {
        bytes[i] = (byte) (i % 97 == 96 ? '\n' : 'a' + i % 26);
      }
      Path f = dir.resolve("id" + size);
      Files.write(f, bytes);
      LineReader.SettledResult r = reader.readSettled(f, 0, (buf, s, e, off) -> {}, clock,
          java.time.Duration.ofHours(1), line -> false);
      assertThat(r.head()).as("size %d", size).isEqualTo(java.util.Arrays.copyOf(bytes, Math.min(size, 1024)));
      assertThat(FileIdentity.of(f, r.head())).as("size %d", size).isEqualTo(FileIdentity.of(f));
      // from an offset: no first bytes, the identity read from the file
      LineReader.SettledResult later = reader.readSettled(f, Math.min(size, 10), (buf, s, e, off) -> {}, clock,
          java.time.Duration.ofHours(1), line -> false);
      assertThat(later.head()).isEmpty();
      assertThat(FileIdentity.of(f, later.head())).isEqualTo(FileIdentity.of(f));
    }
  }
}
