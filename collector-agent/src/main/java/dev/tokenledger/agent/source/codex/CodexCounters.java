package dev.tokenledger.agent.source.codex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tokenledger.agent.source.JsonNumbers;
import java.util.Arrays;
import java.util.List;

/**
 * The accounting of Codex's token counters: {@code input, cached, output, reasoning, total} as
 * {@code long[5]}, and the step from one {@code token_count} to the next. Totals are CUMULATIVE:
 * unchanged totals (re-emits) give nothing; an increase gives the delta; a decrease (resume or
 * compaction reset) uses {@code last_token_usage}; without totals {@code last_token_usage} is used.
 * The key part is made of the record's timestamp and the counters, so a history copied verbatim into
 * a forked thread gives the same keys again.
 */
final class CodexCounters {

  static final String[] FIELDS = {"input_tokens", "cached_input_tokens", "output_tokens",
    "reasoning_output_tokens", "total_tokens"};

  private CodexCounters() {}

  /**
   * One request's usage derived from a token_count.
   *
   * @param delta the request's counters
   * @param exact whether {@code last_token_usage} confirms them
   * @param keyPart the part of the event key that identifies this request within the thread
   * @param baseline the new cumulative baseline, or null when the record had no totals
   */
  record Step(long[] delta, boolean exact, String keyPart, long[] baseline) {}

  /**
   * The step from the previous cumulative totals to this record's, or null for an unchanged re-emit.
   *
   * @param total this record's totals (null when absent or all zero)
   * @param last this record's last usage (null when absent); not null when total is null
   * @param prev the baseline so far, or null
   */
  static Step step(long[] total, long[] last, long[] prev, String timestamp) {
    if (total == null) {
      return new Step(last.clone(), true, "tl|" + timestamp + "|" + join(last), null);
    }
    if (prev != null && Arrays.equals(total, prev)) {
      return null; // unchanged re-emit (rate-limit / UI refresh)
    }
    long[] delta;
    if (prev == null) {
      delta = total.clone();
    } else if (decreased(total, prev)) {
      delta = last != null ? last.clone() : total.clone();
    } else {
      delta = minus(total, prev);
    }
    boolean exact = last != null && same(delta, last);
    return new Step(delta, exact, "tc|" + timestamp + "|" + join(total), total);
  }

  /**
   * The counters of a TokenUsage object (absent fields are 0), or null when there is no object; a value
   * that is not a non-negative whole number is added to {@code invalid} (never read as another number).
   */
  static long[] counters(JsonNode usage, String where, List<String> invalid) {
    if (!usage.isObject()) {
      return null;
    }
    long[] c = new long[FIELDS.length];
    for (int i = 0; i < FIELDS.length; i++) {
      JsonNumbers.Count n = JsonNumbers.count(usage.path(FIELDS[i]));
      if (!n.ok()) {
        invalid.add(where + "." + FIELDS[i] + " " + n.problem());
      }
      c[i] = n.value();
    }
    return c;
  }

  /** input, cached, output and reasoning all zero (total_tokens alone does not count). */
  static boolean allZero(long[] c) {
    return c[0] == 0 && c[1] == 0 && c[2] == 0 && c[3] == 0;
  }

  static boolean decreased(long[] now, long[] prev) {
    for (int i = 0; i < now.length; i++) {
      if (now[i] < prev[i]) {
        return true;
      }
    }
    return false;
  }

  static boolean same(long[] a, long[] b) {
    return a[0] == b[0] && a[1] == b[1] && a[2] == b[2] && a[3] == b[3];
  }

  static long[] minus(long[] a, long[] b) {
    long[] d = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = Math.max(0, a[i] - b[i]);
    }
    return d;
  }

  static String join(long[] c) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < c.length; i++) {
      sb.append(i == 0 ? "" : ",").append(c[i]);
    }
    return sb.toString();
  }

  /** The counters as they are kept in the parser state. */
  static ArrayNode array(long[] c) {
    ArrayNode a = CodexJson.JSON.createArrayNode();
    for (long v : c) {
      a.add(v);
    }
    return a;
  }

  /** Counters kept in the parser state, or null when there are none. */
  static long[] longs(JsonNode node) {
    if (node == null || !node.isArray() || node.size() != FIELDS.length) {
      return null;
    }
    long[] c = new long[FIELDS.length];
    for (int i = 0; i < c.length; i++) {
      c[i] = node.get(i).asLong();
    }
    return c;
  }
}
