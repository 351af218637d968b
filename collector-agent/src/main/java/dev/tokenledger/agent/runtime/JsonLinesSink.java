package dev.tokenledger.agent.runtime;

import dev.tokenledger.agent.event.EventJson;
import dev.tokenledger.events.TokenCounts;
import dev.tokenledger.events.UsageEvent;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * A dry run: each new event as one JSON object per line (Avro field names); nothing is stored or
 * published. Rendering is {@link #prepare} (thread-safe, done by the reading threads of an ordered
 * scan). Accepting is synchronized: an ordered scan accepts on one thread, but an unordered scan with
 * several reading threads accepts on each of them, and the dedup set and the counters are shared.
 */
public final class JsonLinesSink implements EventSink {

  private static final byte[] NEWLINE = System.lineSeparator().getBytes(StandardCharsets.UTF_8);

  private final PrintStream out;
  private final Set<String> seen = new HashSet<>();
  private long input;
  private long output;
  private long cacheWrites;
  private long cacheReads;

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
    byte[] json = EventJson.toLineBytes(event);
    byte[] line = Arrays.copyOf(json, json.length + NEWLINE.length);
    System.arraycopy(NEWLINE, 0, line, json.length, NEWLINE.length);
    return line;
  }

  @Override
  public synchronized boolean accept(UsageEvent event, Object prepared) {
    if (!seen.add(event.getEventId())) {
      return false;
    }
    byte[] line = (byte[]) (prepared != null ? prepared : prepare(event));
    out.write(line, 0, line.length);
    TokenCounts t = event.getTokens();
    input += t.getInput();
    output += t.getOutput();
    cacheWrites += t.getCacheWrite5m() + t.getCacheWrite1h();
    cacheReads += t.getCacheRead();
    return true;
  }

  /**
   * The tokens of the events printed: {@code tokens: input N, output N, cache writes N, cache reads N,
   * total N} (total = their sum, as usage reports such as ccusage count it).
   */
  public synchronized String tokenTotals() {
    return String.format("tokens: input %d, output %d, cache writes %d, cache reads %d, total %d", input, output,
        cacheWrites, cacheReads, input + output + cacheWrites + cacheReads);
  }

  @Override
  public void commit() {
    out.flush();
  }
}
