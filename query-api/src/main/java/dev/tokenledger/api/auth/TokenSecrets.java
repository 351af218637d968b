package dev.tokenledger.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The API token format {@code tlk_<id>_<secret>}: a 12-character id (letters and digits, the lookup key,
 * not secret) and a secret of 32 random bytes from {@link SecureRandom} in unpadded base64url (43
 * characters). Only the SHA-256 of the secret is stored: a 256-bit random secret cannot be guessed from
 * its hash, so a slow password hash would add nothing. Hashes are compared in constant time.
 */
public final class TokenSecrets {

  public static final String PREFIX = "tlk_";
  static final int ID_LENGTH = 12;
  static final int SECRET_BYTES = 32;
  private static final int SECRET_LENGTH = 43;
  private static final String ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final String MALFORMED = "malformed API token: expected " + PREFIX + "<id>_<secret>";

  /** A token's two parts. */
  public record Parts(String id, String secret) {

    public String plaintext() {
      return PREFIX + id + "_" + secret;
    }

    @Override
    public String toString() {
      return "Parts[id=" + id + ", secret=(hidden)]";
    }
  }

  private final SecureRandom random;

  public TokenSecrets(SecureRandom random) {
    this.random = random;
  }

  public TokenSecrets() {
    this(new SecureRandom());
  }

  /** A new random token. */
  public Parts generate() {
    StringBuilder id = new StringBuilder(ID_LENGTH);
    for (int i = 0; i < ID_LENGTH; i++) {
      id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
    }
    byte[] secret = new byte[SECRET_BYTES];
    random.nextBytes(secret);
    return new Parts(id.toString(), Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
  }

  /** Whether {@code bearer} looks like an API token at all (its prefix), so it is not a JWT. */
  public static boolean looksLikeToken(String bearer) {
    return bearer != null && bearer.startsWith(PREFIX);
  }

  /** The parts of {@code bearer}; throws {@link AuthenticationException} (not echoing it) when it is not a well-formed token. */
  public static Parts parse(String bearer) {
    int secretStart = PREFIX.length() + ID_LENGTH + 1;
    if (bearer == null || bearer.length() != secretStart + SECRET_LENGTH || !bearer.startsWith(PREFIX)
        || bearer.charAt(secretStart - 1) != '_') {
      throw new AuthenticationException(MALFORMED);
    }
    String id = bearer.substring(PREFIX.length(), secretStart - 1);
    String secret = bearer.substring(secretStart);
    for (int i = 0; i < id.length(); i++) {
      if (ID_ALPHABET.indexOf(id.charAt(i)) < 0) {
        throw new AuthenticationException(MALFORMED);
      }
    }
    for (int i = 0; i < secret.length(); i++) {
      char c = secret.charAt(i);
      if (!(Character.isLetterOrDigit(c) && c < 128) && c != '-' && c != '_') {
        throw new AuthenticationException(MALFORMED);
      }
    }
    return new Parts(id, secret);
  }

  /** Lower-case hex SHA-256 of {@code secret} (UTF-8), as stored. */
  public static String sha256Hex(String secret) {
    return HexFormat.of().formatHex(sha256(secret));
  }

  /** Whether {@code secret} hashes to {@code storedHex}, compared in constant time. */
  public static boolean matches(String secret, String storedHex) {
    byte[] expected;
    try {
      expected = HexFormat.of().parseHex(storedHex);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(sha256(secret), expected);
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
