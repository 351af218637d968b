package dev.tokenledger.agent.source;

import dev.tokenledger.events.TokenCounts;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Sums of parsed usage by a dimension, as compact strings
 * {@code n=<requests> in=.. out=.. w5=.. w1=.. cr=.. rs=.. tl=..} so a test can state exact expected
 * totals in one line each.
 */
public final class Totals {

  private Totals() {}

  public static Map<String, String> byModel(Collection<ParsedUsage> usages) {
    return by(usages, ParsedUsage::model);
  }

  public static Map<String, String> byDay(Collection<ParsedUsage> usages) {
    return by(usages, u -> u.eventTime().atOffset(ZoneOffset.UTC).toLocalDate().toString());
  }

  public static Map<String, String> bySession(Collection<ParsedUsage> usages) {
    return by(usages, ParsedUsage::sessionId);
  }

  public static String all(Collection<ParsedUsage> usages) {
    return by(usages, u -> "all").getOrDefault("all", "n=0");
  }

  public static Map<String, String> by(Collection<ParsedUsage> usages, Function<ParsedUsage, String> dim) {
    Map<String, long[]> sums = new TreeMap<>();
    for (ParsedUsage u : usages) {
      long[] s = sums.computeIfAbsent(dim.apply(u), k -> new long[8]);
      TokenCounts t = u.tokens();
      s[0]++;
      s[1] += t.getInput();
      s[2] += t.getOutput();
      s[3] += t.getCacheWrite5m();
      s[4] += t.getCacheWrite1h();
      s[5] += t.getCacheRead();
      s[6] += t.getReasoning();
      s[7] += t.getTool();
    }
    Map<String, String> out = new TreeMap<>();
    sums.forEach((k, s) -> out.put(k, format(s)));
    return out;
  }

  private static String format(long[] s) {
    return "n=" + s[0] + " in=" + s[1] + " out=" + s[2] + " w5=" + s[3] + " w1=" + s[4] + " cr=" + s[5]
        + " rs=" + s[6] + " tl=" + s[7];
  }
}
