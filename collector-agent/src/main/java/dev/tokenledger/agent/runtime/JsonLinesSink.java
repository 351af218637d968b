package dev.tokenledger.agent.runtime;

import dev.tokenledger.agent.event.EventJson;
import dev.tokenledger.events.UsageEvent;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.Set;

/** A dry run: each new event as one JSON object per line (Avro field names); nothing is stored or published. */
public final class JsonLinesSink implements EventSink {

  private final PrintStream out;
  private final Set<String> seen = new HashSet<>();

  public JsonLinesSink(PrintStream out) {
    this.out = out;
  }

  @Override
  public boolean accept(UsageEvent event) {
    if (!seen.add(event.getEventId())) {
      return false;
    }
    out.println(EventJson.toLine(event));
    return true;
  }

  @Override
  public void commit() {
    out.flush();
  }
}
