package dev.tokenledger.agent.source;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Byte-level helpers for fast rejection of lines before any JSON parsing. */
public final class Bytes {

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGHS = 0x8080808080808080L;

  private Bytes() {}

  /** The UTF-8 bytes of an ASCII literal. */
  public static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** Whether {@code buf[from, to)} contains {@code pattern}. */
  public static boolean contains(byte[] buf, int from, int to, byte[] pattern) {
    return indexOf(buf, from, to, pattern) >= 0;
  }

  /**
   * Index of {@code pattern} (at least 2 bytes) in {@code buf[from, to)}, or -1. Eight positions at a
   * time: a position is a candidate when the pattern's first, second and last byte all match there
   * (SWAR zero-byte test over three overlapping longs), and only candidates are compared in full. Three
   * bytes, not two: for a pattern such as {@code "usage"} the first and last byte are both quotes, which
   * JSON has at that distance at a good share of positions, and each false candidate costs a branch, a
   * trailing-zero count and a comparison.
   */
  public static int indexOf(byte[] buf, int from, int to, byte[] pattern) {
    int m = pattern.length;
    int lastStart = to - m;
    long first = broadcast(pattern[0]);
    long second = broadcast(pattern[1]);
    long last = broadcast(pattern[m - 1]);
    int i = from;
    for (; i + 8 + m - 1 <= to; i += 8) {
      long x = ((long) LONGS.get(buf, i) ^ first) | ((long) LONGS.get(buf, i + 1) ^ second)
          | ((long) LONGS.get(buf, i + m - 1) ^ last);
      long t = (x - ONES) & ~x & HIGHS;
      while (t != 0) {
        int candidate = i + (Long.numberOfTrailingZeros(t) >>> 3);
        if (candidate <= lastStart && equalsAt(buf, candidate, pattern)) {
          return candidate;
        }
        t &= t - 1;
      }
    }
    for (; i <= lastStart; i++) {
      if (buf[i] == pattern[0] && equalsAt(buf, i, pattern)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Index of the last {@code pattern} (at least 2 bytes) in {@code buf[from, to)}, or -1: {@link
   * #indexOf(byte[], int, int, byte[])} from the end, eight positions at a time. For a field that sits near
   * the end of the lines that have it ({@code "usage"} in a Claude Code assistant line comes after the
   * message content), this finds it without reading the content.
   */
  public static int lastIndexOf(byte[] buf, int from, int to, byte[] pattern) {
    int m = pattern.length;
    long first = broadcast(pattern[0]);
    long second = broadcast(pattern[1]);
    long last = broadcast(pattern[m - 1]);
    int i = to - m - 7; // a block: the candidate positions i .. i + 7, whose last byte is at most to - 1
    for (; i >= from; i -= 8) {
      long x = ((long) LONGS.get(buf, i) ^ first) | ((long) LONGS.get(buf, i + 1) ^ second)
          | ((long) LONGS.get(buf, i + m - 1) ^ last);
      long t = (x - ONES) & ~x & HIGHS;
      while (t != 0) {
        int bit = 63 - Long.numberOfLeadingZeros(t);
        if (equalsAt(buf, i + (bit >>> 3), pattern)) {
          return i + (bit >>> 3);
        }
        t &= ~(1L << bit);
      }
    }
    for (int k = Math.min(i + 7, to - m); k >= from; k--) {
      if (buf[k] == pattern[0] && equalsAt(buf, k, pattern)) {
        return k;
      }
    }
    return -1;
  }

  /**
   * Index of byte {@code b} in {@code buf[from, to)}, or -1. Thirty-two bytes at a time (four longs
   * tested together: the one-off commands run C1 code, which does not unroll loops), then eight at a time
   * from the block that holds it.
   */
  public static int indexOf(byte[] buf, int from, int to, byte b) {
    long pattern = broadcast(b);
    int i = from;
    for (; i + 32 <= to; i += 32) {
      long x = (long) LONGS.get(buf, i) ^ pattern;
      long y = (long) LONGS.get(buf, i + 8) ^ pattern;
      long z = (long) LONGS.get(buf, i + 16) ^ pattern;
      long w = (long) LONGS.get(buf, i + 24) ^ pattern;
      if (((((x - ONES) & ~x) | ((y - ONES) & ~y) | ((z - ONES) & ~z) | ((w - ONES) & ~w)) & HIGHS) != 0) {
        break; // a zero byte in one of the four (a borrow cannot make one up where none is)
      }
    }
    for (; i + 8 <= to; i += 8) {
      long x = (long) LONGS.get(buf, i) ^ pattern;
      long t = (x - ONES) & ~x & HIGHS;
      if (t != 0) {
        return i + (Long.numberOfTrailingZeros(t) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (buf[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static boolean equalsAt(byte[] buf, int at, byte[] pattern) {
    for (int j = 0; j < pattern.length; j++) {
      if (buf[at + j] != pattern[j]) {
        return false;
      }
    }
    return true;
  }

  private static long broadcast(byte b) {
    return (b & 0xFFL) * ONES;
  }

  /** The last non-whitespace byte of {@code buf[from, to)}, or -1 if blank. */
  public static int lastNonBlank(byte[] buf, int from, int to) {
    for (int i = to - 1; i >= from; i--) {
      byte b = buf[i];
      if (b != ' ' && b != '\t' && b != '\r') {
        return b;
      }
    }
    return -1;
  }

  /** Whether {@code buf[from, to)} is only whitespace. */
  public static boolean blank(byte[] buf, int from, int to) {
    return lastNonBlank(buf, from, to) == -1;
  }
}
