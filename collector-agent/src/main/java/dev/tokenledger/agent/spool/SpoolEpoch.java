package dev.tokenledger.agent.spool;

import dev.tokenledger.agent.checkpoint.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * The spool's epoch (ADR 0133): a UUID that names its sequence space, created with the spool (before
 * its first record) and kept in the file {@code epoch}. A spool that already holds state but has no
 * epoch was written by an agent from before epochs; it is given one now and remembers (a second line
 * {@code predates-epochs}) that it may adopt a cursor committed without one.
 *
 * @param id the epoch
 * @param predatesEpochs whether the spool was written by an agent from before epochs
 */
record SpoolEpoch(String id, boolean predatesEpochs) {

  static final String FILE = "epoch";
  private static final String PREDATES_EPOCHS = "predates-epochs";

  /** Reads the spool's epoch, or creates it ({@code hasState}: the spool already holds records or acks). */
  static SpoolEpoch readOrCreate(Path dir, boolean hasState) throws IOException {
    Path file = dir.resolve(FILE);
    if (Files.isRegularFile(file)) {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      String id = lines.isEmpty() ? "" : lines.get(0).trim();
      String epoch;
      try {
        epoch = UUID.fromString(id).toString();
      } catch (IllegalArgumentException e) {
        throw new IOException("spool epoch file " + file + " does not hold a UUID: '" + id + "'");
      }
      return new SpoolEpoch(epoch, lines.size() > 1 && lines.get(1).trim().equals(PREDATES_EPOCHS));
    }
    String epoch = UUID.randomUUID().toString();
    AtomicFiles.write(file, (epoch + "\n" + (hasState ? PREDATES_EPOCHS + "\n" : "")).getBytes(StandardCharsets.UTF_8));
    return new SpoolEpoch(epoch, hasState);
  }
}
