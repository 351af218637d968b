package dev.tokenledger.agent.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BytesTest {

  private static int naive(byte[] buf, int from, int to, byte[] p) {
    outer:
    for (int i = from; i <= to - p.length; i++) {
      for (int j = 0; j < p.length; j++) {
        if (buf[i + j] != p[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void swar_search_agrees_with_the_naive_search_on_random_slices() {
    Random random = new Random(7);
    byte[] alphabet = Bytes.ascii("\"usage:\u0001\n ");
    byte[][] patterns = {Bytes.ascii("\"usage\""), Bytes.ascii("\"u"), Bytes.ascii("sa:"),
        Bytes.ascii("\"\"\""), Bytes.ascii("\n")};
    for (int round = 0; round < 20_000; round++) {
      byte[] buf = new byte[random.nextInt(80)];
      for (int i = 0; i < buf.length; i++) {
        buf[i] = random.nextInt(10) == 0 ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
      }
      int from = buf.length == 0 ? 0 : random.nextInt(buf.length);
      int to = from + (buf.length == from ? 0 : random.nextInt(buf.length - from + 1));
      for (byte[] p : patterns) {
        int expected = naive(buf, from, to, p);
        int actual = p.length == 1 ? Bytes.indexOf(buf, from, to, p[0]) : Bytes.indexOf(buf, from, to, p);
        assertThat(actual).as("round %d pattern %s", round, new String(p)).isEqualTo(expected);
      }
    }
  }

  @Test
  void newline_search_finds_a_lone_newline_at_every_position_of_its_block() {
    // the search tests 32 bytes at a time, then 8: a newline at each position of a long run of bytes that
    // are close to it (0x09, 0x0B, 0x8A, 0x0A + 0x80 ...) but not it, and from every start offset
    byte[] near = {0x09, 0x0B, (byte) 0x8A, 0x00, (byte) 0xFF, 0x20, 0x0A - 0x01, 0x1A, 0x2A, 'x'};
    Random random = new Random(9);
    for (int length = 0; length < 140; length++) {
      for (int at = -1; at < length; at++) {
        byte[] buf = new byte[length];
        for (int i = 0; i < length; i++) {
          buf[i] = near[random.nextInt(near.length)];
        }
        if (at >= 0) {
          buf[at] = '\n';
        }
        for (int from = 0; from <= Math.min(length, 40); from++) {
          int expected = at >= from ? at : -1;
          assertThat(Bytes.indexOf(buf, from, length, (byte) '\n')).as("length %d newline at %d from %d", length, at, from)
              .isEqualTo(expected);
        }
        if (at >= 0) {
          assertThat(Bytes.indexOf(buf, 0, at, (byte) '\n')).as("before the end").isEqualTo(-1);
        }
      }
    }
  }

  private static int naiveLast(byte[] buf, int from, int to, byte[] p) {
    outer:
    for (int i = to - p.length; i >= from; i--) {
      for (int j = 0; j < p.length; j++) {
        if (buf[i + j] != p[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Test
  void backward_swar_search_agrees_with_the_naive_search_on_random_slices() {
    Random random = new Random(8);
    byte[] alphabet = Bytes.ascii("\"usage:\u0001\n ");
    byte[][] patterns = {Bytes.ascii("\"usage\""), Bytes.ascii("\"u"), Bytes.ascii("sa:"), Bytes.ascii("\"\"\"")};
    int found = 0;
    for (int round = 0; round < 20_000; round++) {
      byte[] buf = new byte[random.nextInt(120)];
      for (int i = 0; i < buf.length; i++) {
        buf[i] = random.nextInt(10) == 0 ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
      }
      int from = buf.length == 0 ? 0 : random.nextInt(buf.length);
      int to = from + (buf.length == from ? 0 : random.nextInt(buf.length - from + 1));
      for (byte[] p : patterns) {
        int expected = naiveLast(buf, from, to, p);
        assertThat(Bytes.lastIndexOf(buf, from, to, p)).as("round %d pattern %s", round, new String(p))
            .isEqualTo(expected);
        found += expected >= 0 ? 1 : 0;
      }
    }
    assertThat(found).as("searches that found the pattern").isGreaterThan(1_000);
  }

  @Test
  void last_non_blank_and_blank() {
    byte[] b = Bytes.ascii("{\"a\":1}  \r");
    assertThat(Bytes.lastNonBlank(b, 0, b.length)).isEqualTo('}');
    assertThat(Bytes.blank(Bytes.ascii(" \t "), 0, 3)).isTrue();
  }
}
