package dev.tokenledger.agent.runtime;

import dev.tokenledger.agent.checkpoint.AtomicFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.UUID;

/**
 * The agent's state directory: {@code checkpoints.json}, {@code spool/}, {@code seen.ids},
 * {@code quarantine/}, {@code status.json}, {@code agent.id} (this installation's id, created once)
 * and {@code agent.lock}, held by the one process that may write the state.
 */
public final class StateDirectory implements AutoCloseable {

  private final Path dir;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final String instanceId;

  private StateDirectory(Path dir, FileChannel lockChannel, FileLock lock, String instanceId) {
    this.dir = dir;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.instanceId = instanceId;
  }

  /** Takes the lock, or returns empty when another agent process holds it. */
  public static Optional<StateDirectory> tryLock(Path dir) throws IOException {
    Files.createDirectories(dir);
    FileChannel ch = FileChannel.open(dir.resolve("agent.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      ch.close();
      return Optional.empty();
    }
    return Optional.of(new StateDirectory(dir, ch, lock, instanceId(dir)));
  }

  /** This state directory's id (created on first use). */
  static String instanceId(Path dir) throws IOException {
    Path file = dir.resolve("agent.id");
    if (Files.isRegularFile(file)) {
      String id = Files.readString(file, StandardCharsets.UTF_8).trim();
      if (id.matches("[0-9a-f-]{36}")) {
        return id;
      }
    }
    String id = UUID.randomUUID().toString();
    AtomicFiles.write(file, id.getBytes(StandardCharsets.UTF_8));
    return id;
  }

  public Path path() {
    return dir;
  }

  public Path spoolDir() {
    return dir.resolve("spool");
  }

  public String instanceId() {
    return instanceId;
  }

  @Override
  public void close() throws IOException {
    lock.release();
    lockChannel.close();
  }
}
