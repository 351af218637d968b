package dev.tokenledger.agent.intake;

import dev.tokenledger.agent.checkpoint.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The intake's shared secret: 256 random bits in {@code <state dir>/intake.token} (base64url, one
 * line), created on the first {@code run} with file mode 0600 — written to a temp file created with
 * that mode and renamed into place, so no other user ever sees it, not even half-written — and reused
 * afterwards. Only processes of the user who owns the state directory can read it; {@code log} and
 * scripts send it as {@code Authorization: Bearer <token>}. A file readable by others is narrowed
 * back to 0600; a damaged one is replaced.
 */
public final class IntakeToken {

  /** The file name in the state directory. */
  public static final String FILE = "intake.token";

  private static final Logger LOG = LoggerFactory.getLogger(IntakeToken.class);
  private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{43}");
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private final String value;
  private final byte[] digest;

  private IntakeToken(String value) {
    this.value = value;
    this.digest = sha256(value);
  }

  /** The token of {@code stateDir}, created (mode 0600, atomically) when there is none yet. */
  public static IntakeToken loadOrCreate(Path stateDir) throws IOException {
    Path file = stateDir.resolve(FILE);
    Optional<String> existing = read(stateDir);
    if (existing.isPresent()) {
      narrowPermissions(file);
      return new IntakeToken(existing.get());
    }
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    write(file, token);
    return new IntakeToken(token);
  }

  /** The token a client sends, if the state directory has one. */
  public static Optional<String> read(Path stateDir) {
    Path file = stateDir.resolve(FILE);
    try {
      if (!Files.isRegularFile(file) || Files.size(file) > 1024) {
        return Optional.empty();
      }
      String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
      return FORMAT.matcher(text).matches() ? Optional.of(text) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The token (for tests and the {@code log} command's own process). */
  public String value() {
    return value;
  }

  /**
   * Whether {@code presented} is the token. The time taken does not depend on where a guess differs
   * (both sides are hashed to the same length and compared in constant time).
   */
  public boolean matches(String presented) {
    if (presented == null) {
      return false;
    }
    return MessageDigest.isEqual(digest, sha256(presented));
  }

  private static void write(Path file, String token) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
    FileAttribute<?>[] attrs = posix
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)} : new FileAttribute<?>[0];
    Path tmp = Files.createTempFile(dir, ".intake.token-", ".tmp", attrs);
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer b = ByteBuffer.wrap((token + "\n").getBytes(StandardCharsets.US_ASCII));
        while (b.hasRemaining()) {
          ch.write(b);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    AtomicFiles.fsyncDirectory(dir);
  }

  private static void narrowPermissions(Path file) throws IOException {
    if (!Files.getFileStore(file).supportsFileAttributeView("posix")) {
      return;
    }
    Set<PosixFilePermission> now = Files.getPosixFilePermissions(file);
    if (!now.equals(OWNER_ONLY)) {
      Files.setPosixFilePermissions(file, OWNER_ONLY);
      LOG.warn("{} was readable by others ({}); narrowed to rw------- (consider it known and delete the file to get a new"
          + " token)", file, PosixFilePermissions.toString(now));
    }
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
