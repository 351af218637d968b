package dev.tokenledger.agent.runtime;

import dev.tokenledger.agent.event.EventJson;
import dev.tokenledger.events.UsageEvent;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * A dry run: each new event as one JSON object per line (Avro field names); nothing is stored or
 * published. Rendering is {@link #prepare} (thread-safe, done by the reading threads of an ordered
 * scan); the dedup and the write stay on the one thread that accepts.
 */
public final class JsonLinesSink implements EventSink {

  private final PrintStream out;
  private final Set<String> seen = new HashSet<>();

  public JsonLinesSink(PrintStream out) {
    this.out = out;
  }

  @Override
  public boolean accept(UsageEvent event) {
    return accept(event, null);
  }

  /** The event's line, UTF-8, with its newline. */
  @Override
  public Object prepare(UsageEvent event) {
    return (EventJson.toLine(event) + System.lineSeparator()).getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public boolean accept(UsageEvent event, Object prepared) {
    if (!seen.add(event.getEventId())) {
      return false;
    }
    byte[] line = (byte[]) (prepared != null ? prepared : prepare(event));
    out.write(line, 0, line.length);
    return true;
  }

  @Override
  public void commit() {
    out.flush();
  }
}
