package dev.tokenledger.agent.intake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * The bearer tokens a central telemetry receiver accepts: a file with one token per line (blank lines and
 * {@code #} comments ignored), each at least {@link #MIN_LENGTH} characters of {@code [A-Za-z0-9._~+/=-]}.
 * Only SHA-256 digests are kept; a presented token is compared with every digest in constant time.
 */
public final class ReceiverTokens {

  /** Shortest token accepted (e.g. {@code openssl rand -hex 32} gives 64). */
  public static final int MIN_LENGTH = 32;

  private final List<byte[]> digests;

  private ReceiverTokens(List<byte[]> digests) {
    this.digests = List.copyOf(digests);
  }

  /** Reads the file; every bad line is named in the exception (line numbers, never the token). */
  public static ReceiverTokens read(Path file) throws IOException {
    List<byte[]> digests = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (int i = 0; i < lines.size(); i++) {
      String t = lines.get(i).trim();
      if (t.isEmpty() || t.startsWith("#")) {
        continue;
      }
      if (t.length() < MIN_LENGTH || !t.matches("[A-Za-z0-9._~+/=-]+")) {
        problems.add("line " + (i + 1) + ": a token must be at least " + MIN_LENGTH
            + " characters of letters, digits and ._~+/=-");
        continue;
      }
      digests.add(sha256(t));
    }
    if (!problems.isEmpty()) {
      throw new IOException(file + ": " + String.join("; ", problems));
    }
    if (digests.isEmpty()) {
      throw new IOException(file + " holds no token");
    }
    return new ReceiverTokens(digests);
  }

  /** Whether the presented token is one of the file's (constant time per digest). */
  public boolean matches(String presented) {
    if (presented == null || presented.isEmpty()) {
      return false;
    }
    byte[] p = sha256(presented);
    boolean ok = false;
    for (byte[] d : digests) {
      ok |= MessageDigest.isEqual(d, p);
    }
    return ok;
  }

  public int size() {
    return digests.size();
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
