package dev.tokenledger.agent.runtime;

import dev.tokenledger.agent.spool.EventJournal;
import dev.tokenledger.events.UsageEvent;
import java.io.IOException;

/** Events into the durable spool. */
public final class JournalSink implements EventSink {

  private final EventJournal journal;

  public JournalSink(EventJournal journal) {
    this.journal = journal;
  }

  @Override
  public boolean accept(UsageEvent event) throws IOException {
    return journal.offer(event);
  }

  @Override
  public void commit() throws IOException {
    journal.commit();
  }
}
