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

  @Test
  void a_handler_that_finds_some_line_ends_itself_sees_every_line_once_in_order() throws IOException {
    // lines of many lengths, some longer than the initial buffer, some with CRLF; lines starting with 'A'
    // are read by lineAt (which finds their newline itself), the others by line() as usual
    java.util.Random random = new java.util.Random(5);
    StringBuilder text = new StringBuilder();
    List<String> expected = new ArrayList<>();
    List<Long> offsets = new ArrayList<>();
    for (int n = 0; n < 3000; n++) {
      int length = n % 500 == 7 ? (1 << 20) + random.nextInt(1 << 19) : random.nextInt(2000);
      String line = (random.nextBoolean() ? "A" : "b") + "x".repeat(length);
      offsets.add((long) text.length());
      expected.add(line);
      text.append(line).append(n % 3 == 0 ? "\r\n" : "\n");
    }
    text.append("Atail");
    Path f = dir.resolve("mixed");
    Files.writeString(f, text, StandardCharsets.US_ASCII);
    List<String> seen = new ArrayList<>();
    List<Long> seenOffsets = new ArrayList<>();
    int[] byHandler = new int[1];
    LineReader.Result r = new LineReader().read(f, 0, new LineReader.Handler() {
      @Override
      public void line(byte[] buf, int start, int end, long offset) {
        seen.add(new String(buf, start, end - start, StandardCharsets.US_ASCII));
        seenOffsets.add(offset);
      }

      @Override
      public int lineAt(byte[] buf, int start, int limit, long offset) {
        if (buf[start] != 'A') {
          return -(Math.min(start + 1, limit) + 1); // its first byte is no newline
        }
        for (int i = start; i < limit; i++) {
          if (buf[i] == '\n') {
            int end = i > start && buf[i - 1] == '\r' ? i - 1 : i;
            seen.add(new String(buf, start, end - start, StandardCharsets.US_ASCII));
            seenOffsets.add(offset);
            byHandler[0]++;
            return i;
          }
        }
        return -(start + 1); // the newline not read yet
      }
    });
    assertThat(seen).isEqualTo(expected);
    assertThat(seenOffsets).isEqualTo(offsets);
    assertThat(byHandler[0]).isGreaterThan(1000);
    assertThat(new String(r.tail(), StandardCharsets.US_ASCII)).isEqualTo("Atail");
    assertThat(r.end()).isEqualTo(text.length() - "Atail".length());
  }
}
