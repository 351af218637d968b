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
}
