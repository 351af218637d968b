package dev.tokenledger.processor.streams;

import dev.tokenledger.events.Scope;
import dev.tokenledger.processor.rollup.RollupDimensions;
import dev.tokenledger.processor.rollup.SessionMarks;
import dev.tokenledger.processor.rollup.SessionSeen;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves the session marks of rollup state layout 2 — one {@code rollup-session-marks} entry per
 * {@code <orgId>|<dimension>|<value>|<session>} — into layout 3's {@code rollup-session-seen}, one entry per
 * {@code <orgId>|<session>} (ADR 0228), when the rollup task starts on state written by the earlier
 * version. The marks are merged, not reset: a session already counted in an open rollup is not counted
 * again, and one not seen yet still counts once. The old entries are deleted and each new entry gets its
 * one expiry-index entry; it all runs in the task's {@code init}, so it is committed with the task's next
 * transaction (a crash before that restores the old store and the migration runs again).
 *
 * <p>A layout-2 key is ambiguous when both the dimension value and the session id contain {@code |}. The
 * session is recognised from the key of the organisation dimension, {@code <orgId>|ORG|<orgId>|<session>}
 * (an org id has no {@code |}), which every event writes: the value is what precedes a known session of the
 * organisation, else what precedes the last {@code |}.
 */
final class SessionMarksMigration {

  private static final Logger LOG = LoggerFactory.getLogger(SessionMarksMigration.class);

  private SessionMarksMigration() {}

  /** The org id and session of a layout-3 key. */
  static String key(String orgId, String session) {
    return orgId + "|" + session;
  }

  /**
   * Moves every layout-2 entry of {@code legacy} into {@code seen}, indexing the new entries in {@code expiry}.
   *
   * @return the number of layout-2 entries moved (an entry whose key names no dimension and session is
   *     logged and dropped, not moved)
   */
  static int migrate(KeyValueStore<String, SessionMarks> legacy, KeyValueStore<String, SessionSeen> seen,
      KeyValueStore<String, Long> expiry) {
    List<KeyValue<String, SessionMarks>> old = new ArrayList<>();
    try (KeyValueIterator<String, SessionMarks> it = legacy.all()) {
      while (it.hasNext()) {
        old.add(it.next());
      }
    }
    if (old.isEmpty()) {
      return 0;
    }
    Map<String, Set<String>> sessionsByOrg = new HashMap<>();
    for (KeyValue<String, SessionMarks> kv : old) {
      int orgEnd = kv.key.indexOf('|');
      if (orgEnd > 0) {
        String org = kv.key.substring(0, orgEnd);
        String orgPrefix = org + "|" + Scope.ORG + "|" + org + "|";
        if (kv.key.startsWith(orgPrefix)) {
          sessionsByOrg.computeIfAbsent(org, o -> new HashSet<>()).add(kv.key.substring(orgPrefix.length()));
        }
      }
    }
    Map<String, SessionSeen> moved = new LinkedHashMap<>();
    int dropped = 0;
    for (KeyValue<String, SessionMarks> kv : old) {
      int orgEnd = kv.key.indexOf('|');
      int dimEnd = orgEnd < 0 ? -1 : kv.key.indexOf('|', orgEnd + 1);
      int dim = dimEnd < 0 ? -1 : dimension(kv.key.substring(orgEnd + 1, dimEnd));
      String rest = dimEnd < 0 ? "" : kv.key.substring(dimEnd + 1);
      int split = split(rest, sessionsByOrg.getOrDefault(kv.key.substring(0, Math.max(orgEnd, 0)), Set.of()));
      if (dim < 0 || split < 0 || kv.value == null) {
        // written by no version of this product; refusing it would stop the task on every start, so it is
        // dropped: at worst one session is counted once more in the open periods of one dimension value
        LOG.warn("rollup state layout 2: session-mark entry '{}' names no dimension and session; dropped", kv.key);
        dropped++;
        continue;
      }
      String org = kv.key.substring(0, orgEnd);
      String key = key(org, rest.substring(split + 1));
      SessionSeen s = moved.get(key);
      if (s == null) {
        s = seen.get(key);
        if (s == null) {
          s = new SessionSeen();
        }
        moved.put(key, s);
      }
      s.merge(dim, rest.substring(0, split), kv.value);
    }
    for (Map.Entry<String, SessionSeen> e : moved.entrySet()) {
      seen.put(e.getKey(), e.getValue());
      long end = e.getValue().lastEnd();
      if (end != Long.MIN_VALUE) {
        expiry.put(RollupExpiry.key(end, RollupExpiry.SEEN + e.getKey()), end);
      }
    }
    for (KeyValue<String, SessionMarks> kv : old) {
      legacy.delete(kv.key);
    }
    return old.size() - dropped;
  }

  /** The index of {@code value|session}'s separating '|': before a known session, else the last one; -1 if none. */
  private static int split(String rest, Set<String> knownSessions) {
    for (int i = rest.indexOf('|'); i >= 0; i = rest.indexOf('|', i + 1)) {
      if (knownSessions.contains(rest.substring(i + 1))) {
        return i;
      }
    }
    return rest.lastIndexOf('|');
  }

  private static int dimension(String name) {
    for (int i = 0; i < RollupDimensions.ALL.size(); i++) {
      if (RollupDimensions.ALL.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }
}
