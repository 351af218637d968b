package dev.tokenledger.retry;

import java.time.Duration;

/** Waits between attempts; injectable so tests never sleep. */
@FunctionalInterface
public interface Sleeper {

  /** {@link Thread#sleep}. */
  Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

  void sleep(Duration d) throws InterruptedException;
}
