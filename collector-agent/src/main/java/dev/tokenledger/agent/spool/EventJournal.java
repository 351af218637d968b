package dev.tokenledger.agent.spool;

import dev.tokenledger.agent.event.RequestAliases;
import dev.tokenledger.events.UsageEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.util.UUID;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * The agent's single entry point for new events: drops ids seen before ({@link DedupIndex}) and
 * events whose request alias was seen before ({@link RequestAliases}: one request from two sources) —
 * except a telemetry copy, which goes out after a log copy as the better one (the stream processor
 * keeps one version per request, ADR 0145) — and
 * appends the rest to the {@link Spool} as Avro binary. {@link #commit} fsyncs the spool and then
 * the index, under one lock with {@link #offer}, so an id is never durable without its event.
 */
public final class EventJournal implements AutoCloseable {

  private final Spool spool;
  private final DedupIndex index;
  private final Clock clock;
  private final SpecificDatumWriter<UsageEvent> writer = new SpecificDatumWriter<>(UsageEvent.class);
  private final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
  private BinaryEncoder encoder;

  public EventJournal(Spool spool, DedupIndex index, Clock clock) {
    this.spool = spool;
    this.index = index;
    this.clock = clock;
  }

  /** Spools the event unless its id was spooled before; true if it was new. */
  public synchronized boolean offer(UsageEvent event) throws IOException {
    UUID id = UUID.fromString(event.getEventId());
    java.util.Optional<UUID> alias = RequestAliases.of(event);
    if (index.contains(id) || !RequestAliases.passesSeenAlias(event) && alias.isPresent() && index.contains(alias.get())) {
      return false; // seen before, or the same request already spooled from a source at least as good (ADR 0140, 0145)
    }
    out.reset();
    encoder = EncoderFactory.get().binaryEncoder(out, encoder);
    writer.write(event, encoder);
    encoder.flush();
    spool.append(id, clock.millis(), out.toByteArray());
    index.add(id);
    alias.ifPresent(index::add);
    return true;
  }

  /**
   * Adds the request aliases ({@link RequestAliases}) of the spool's unacknowledged events to the index.
   * The index recovers the event ids of records it missed (a crash between the spool sync and the index
   * write) from the spool; this does the same for their aliases, so the other source's copy of such a
   * request is still recognised (ADR 0140). A record that cannot be decoded is skipped: it has no alias
   * to recover. Returns the number of aliases added.
   */
  public synchronized int recoverRequestAliases() throws IOException {
    java.util.Map<String, org.apache.avro.specific.SpecificDatumReader<UsageEvent>> readers = new java.util.HashMap<>();
    int[] added = {0};
    spool.forEachPending(r -> {
      try {
        String format = r.format() == null ? "" : r.format();
        org.apache.avro.specific.SpecificDatumReader<UsageEvent> reader = readers.computeIfAbsent(format, f -> f.isEmpty()
            ? new org.apache.avro.specific.SpecificDatumReader<>(UsageEvent.class)
            : new org.apache.avro.specific.SpecificDatumReader<>(new org.apache.avro.Schema.Parser().parse(f),
                UsageEvent.getClassSchema()));
        UsageEvent e = reader.read(null, org.apache.avro.io.DecoderFactory.get().binaryDecoder(r.payload(), null));
        java.util.Optional<UUID> alias = RequestAliases.of(e);
        if (alias.isPresent() && index.add(alias.get())) {
          added[0]++;
        }
      } catch (IOException | RuntimeException ex) {
        // not decodable with this agent's schema: nothing to recover for it
      }
    });
    if (added[0] > 0) {
      index.flush();
    }
    return added[0];
  }

  /** Makes every offered event durable (spool fsync, then the index). */
  public synchronized void commit() throws IOException {
    spool.sync();
    index.flush();
  }

  public Spool spool() {
    return spool;
  }

  public int knownIds() {
    return index.size();
  }

  @Override
  public synchronized void close() throws IOException {
    commit();
    index.close();
    spool.close();
  }
}
