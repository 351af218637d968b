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
 * events whose request alias was seen before ({@link RequestAliases}: one request from two sources), and
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
    if (index.contains(id) || alias.isPresent() && index.contains(alias.get())) {
      return false; // seen before, or the same request from another source (ADR 0140)
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
