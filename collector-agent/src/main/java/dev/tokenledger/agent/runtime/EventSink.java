package dev.tokenledger.agent.runtime;

import dev.tokenledger.events.UsageEvent;
import java.io.IOException;

/** Where the scanner puts events: the spool, or stdout in a dry run. */
public interface EventSink {

  /** Takes the event unless its id was taken before; true if it was new. */
  boolean accept(UsageEvent event) throws IOException;

  /** Makes everything accepted so far durable (before checkpoints move past it). */
  void commit() throws IOException;
}
