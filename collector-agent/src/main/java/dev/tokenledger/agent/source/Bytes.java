package dev.tokenledger.agent.source;

import java.nio.charset.StandardCharsets;

/** Byte-level helpers for fast rejection of lines before any JSON parsing. */
public final class Bytes {

  private Bytes() {}

  /** The UTF-8 bytes of an ASCII literal. */
  public static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** Whether {@code buf[from, to)} contains {@code pattern}. */
  public static boolean contains(byte[] buf, int from, int to, byte[] pattern) {
    return indexOf(buf, from, to, pattern) >= 0;
  }

  /** Index of {@code pattern} in {@code buf[from, to)}, or -1. */
  public static int indexOf(byte[] buf, int from, int to, byte[] pattern) {
    byte first = pattern[0];
    int last = to - pattern.length;
    outer:
    for (int i = from; i <= last; i++) {
      if (buf[i] != first) {
        continue;
      }
      for (int j = 1; j < pattern.length; j++) {
        if (buf[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
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
