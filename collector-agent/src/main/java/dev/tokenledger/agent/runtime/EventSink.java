package dev.tokenledger.agent.runtime;

import dev.tokenledger.events.UsageEvent;
import java.io.IOException;

/** Where the scanner puts events: the spool, or stdout in a dry run. */
public interface EventSink {

  /** Takes the event unless its id was taken before; true if it was new. */
  boolean accept(UsageEvent event) throws IOException;

  /** Makes everything accepted so far durable (before checkpoints move past it). */
  void commit() throws IOException;

  /**
   * Work for one event that needs no other event (e.g. rendering it), done on the thread that read
   * it when a scan keeps file order ({@link Scanner#inFileOrder()}); its result is handed to
   * {@link #accept(UsageEvent, Object)}. Thread-safe. None by default.
   */
  default Object prepare(UsageEvent event) {
    return null;
  }

  /** {@link #accept(UsageEvent)} with what {@link #prepare} made of the event (null if nothing). */
  default boolean accept(UsageEvent event, Object prepared) throws IOException {
    return accept(event);
  }
}
