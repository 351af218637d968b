package dev.tokenledger.agent.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Every event id this agent has ever spooled ({@code seen.ids}: 16 bytes per id, append-only), so a
 * request read again (after a crash, a truncated or rotated file, a copied log) is not spooled twice.
 *
 * <p>New ids are kept in memory and written by {@link #flush} only after the spool holding their
 * events was synced: an id on disk always has its event in the spool (or already in Kafka). Ids of
 * events synced to the spool but not yet flushed here are recovered from the spool on open ({@link
 * #open} with the spool).
 */
public final class DedupIndex implements AutoCloseable {

  private final IdSet ids = new IdSet();
  private final FileChannel file;
  private ByteBuffer pending = ByteBuffer.allocate(64 * 1024);

  private DedupIndex(FileChannel file) {
    this.file = file;
  }

  /** Opens the index in {@code dir} and adds the ids of the spool's pending records. */
  public static DedupIndex open(Path dir, Spool spool) throws IOException {
    Files.createDirectories(dir);
    Path path = dir.resolve("seen.ids");
    FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    DedupIndex index = new DedupIndex(ch);
    long whole = ch.size() / 16 * 16;
    ByteBuffer b = ByteBuffer.allocate(1 << 20);
    long pos = 0;
    while (pos < whole) {
      b.clear();
      b.limit((int) Math.min(b.capacity(), whole - pos));
      while (b.hasRemaining()) {
        if (ch.read(b, pos + b.position()) < 0) {
          break;
        }
      }
      b.flip();
      while (b.remaining() >= 16) {
        index.ids.add(b.getLong(), b.getLong());
      }
      pos += b.limit();
    }
    if (whole != ch.size()) {
      ch.truncate(whole); // a torn id from a crash mid-write
    }
    ch.position(whole);
    if (spool != null) {
      IOException[] failure = new IOException[1];
      spool.forEachPending(r -> {
        if (index.ids.add(r.eventId())) {
          index.queue(r.eventId());
        }
      });
      if (failure[0] != null) {
        throw failure[0];
      }
      index.flush();
    }
    return index;
  }

  /** Adds the id (to be persisted by the next {@link #flush}); false if it was seen before. */
  public synchronized boolean add(UUID id) {
    if (!ids.add(id)) {
      return false;
    }
    queue(id);
    return true;
  }

  public synchronized boolean contains(UUID id) {
    return ids.contains(id.getMostSignificantBits(), id.getLeastSignificantBits());
  }

  private void queue(UUID id) {
    if (pending.remaining() < 16) {
      ByteBuffer bigger = ByteBuffer.allocate(pending.capacity() * 2);
      pending.flip();
      bigger.put(pending);
      pending = bigger;
    }
    pending.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
  }

  /** Writes and fsyncs the ids added since the last flush (call after the spool was synced). */
  public synchronized void flush() throws IOException {
    if (pending.position() == 0) {
      return;
    }
    pending.flip();
    while (pending.hasRemaining()) {
      file.write(pending);
    }
    pending.clear();
    file.force(false);
  }

  public synchronized int size() {
    return ids.size();
  }

  @Override
  public synchronized void close() throws IOException {
    flush();
    file.close();
  }
}
