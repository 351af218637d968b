package dev.tokenledger.agent.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A fingerprint of a file's beginning ({@code <n>:<sha-256 of the first n bytes>}, n ≤ 1024), used
 * to detect a file that was truncated, rotated or replaced under the same name.
 */
public final class FileIdentity {

  static final int PREFIX = 1024;

  private FileIdentity() {}

  /** The identity of the file as it is now. */
  public static String of(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      return of(ch, (int) Math.min(PREFIX, ch.size()));
    }
  }

  /**
   * The identity of the file as it is now, from its first bytes when the caller has just read them
   * ({@code head}: the file's first bytes, as many as it had; at least {@link #PREFIX} of them give the
   * identity without opening the file again), else as {@link #of(Path)}.
   */
  public static String of(Path file, byte[] head) throws IOException {
    if (head.length >= PREFIX) {
      return digest(head, PREFIX);
    }
    return of(file);
  }

  /**
   * Where to resume reading {@code file} given a cursor: the cursor itself if the file is still the
   * one it was taken on, else {@link FileCursor#START} (truncated: smaller than the offset;
   * replaced: its first bytes differ).
   */
  public static FileCursor validate(Path file, FileCursor cursor) throws IOException {
    if (cursor.offset() == 0 && cursor.identity().isEmpty()) {
      return cursor;
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < cursor.offset()) {
        return FileCursor.START;
      }
      String id = cursor.identity();
      int colon = id.indexOf(':');
      if (colon <= 0) {
        return FileCursor.START;
      }
      int n;
      try {
        n = Integer.parseInt(id.substring(0, colon));
      } catch (NumberFormatException e) {
        return FileCursor.START;
      }
      if (n > size || !of(ch, n).equals(id)) {
        return FileCursor.START;
      }
      return cursor;
    }
  }

  private static String of(FileChannel ch, int n) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(n);
    while (buf.hasRemaining()) {
      if (ch.read(buf, buf.position()) < 0) {
        break;
      }
    }
    return digest(buf.array(), buf.position());
  }

  private static String digest(byte[] bytes, int n) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(bytes, 0, n);
      return n + ":" + HexFormat.of().formatHex(sha.digest(), 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
