package dev.tokenledger.api.query;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The opaque {@code cursor} of a paginated answer: the offset of the next page bound to the question it
 * belongs to (a digest of its other parameters), so a cursor replayed with other parameters is refused
 * instead of returning rows of another answer.
 */
public final class Cursor {

  /** The request parameters that do not change the answer's rows, left out of the digest. */
  private static final List<String> PRESENTATION = List.of("cursor", "format", "limit");

  private Cursor() {}

  /** The cursor that continues {@code params}' answer at {@code offset}. */
  public static String encode(Map<String, List<String>> params, int offset) {
    String text = offset + "." + digest(params);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
  }

  /** The offset {@code cursor} names; refuses a cursor that is malformed or was made for other parameters. */
  public static int decode(String cursor, Map<String, List<String>> params) {
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("cursor: not a cursor of this API");
    }
    int dot = text.indexOf('.');
    if (dot < 1 || !text.substring(0, dot).matches("\\d{1,9}")) {
      throw new IllegalArgumentException("cursor: not a cursor of this API");
    }
    if (!text.substring(dot + 1).equals(digest(params))) {
      throw new IllegalArgumentException("cursor: it belongs to a question with other parameters; repeat the question's parameters unchanged");
    }
    return Integer.parseInt(text.substring(0, dot));
  }

  private static String digest(Map<String, List<String>> params) {
    StringBuilder canonical = new StringBuilder();
    new TreeMap<>(params).forEach((k, values) -> {
      if (!PRESENTATION.contains(k)) {
        values.stream().sorted().forEach(v -> canonical.append(k).append('=').append(v).append('\n'));
      }
    });
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
