package dev.tokenledger.agent.event;

import dev.tokenledger.events.SourceTool;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Deterministic event ids: a name-based UUID (version 8, RFC 9562 custom layout) whose 122 free bits
 * are the first bits of SHA-256("tokenledger/usage/v1" NUL source NUL dedupKey). The same billed
 * request read again, from a copy, on another machine or by a reinstalled agent gets the same id.
 */
public final class EventIds {

  private static final byte[] NAMESPACE = "tokenledger/usage/v1".getBytes(StandardCharsets.UTF_8);

  private EventIds() {}

  public static UUID uuid(SourceTool source, String dedupKey) {
    MessageDigest sha = sha256();
    sha.update(NAMESPACE);
    sha.update((byte) 0);
    sha.update(source.name().getBytes(StandardCharsets.UTF_8));
    sha.update((byte) 0);
    sha.update(dedupKey.getBytes(StandardCharsets.UTF_8));
    ByteBuffer b = ByteBuffer.wrap(sha.digest());
    long msb = b.getLong();
    long lsb = b.getLong();
    msb = (msb & ~0xF000L) | 0x8000L; // version 8
    lsb = (lsb & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L; // IETF variant
    return new UUID(msb, lsb);
  }

  /** The event id as text (lower-case UUID). */
  public static String of(SourceTool source, String dedupKey) {
    return uuid(source, dedupKey).toString();
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
