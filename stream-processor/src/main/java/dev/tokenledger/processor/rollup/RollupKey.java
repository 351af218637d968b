package dev.tokenledger.processor.rollup;

import dev.tokenledger.events.Period;
import dev.tokenledger.events.Scope;
import java.time.Instant;
import java.util.Objects;

/**
 * Identity of one rollup: {@code <orgId>|<dimension>|<value>|<period>|<periodStart ISO>}, the key of the
 * rollup topic and of the rollup store. The organisation comes first: organisations sharing a partition
 * (and a user name, a team name, a model) never share a rollup. An org id cannot contain '|' (the
 * intake rejects such events); a value can.
 */
public record RollupKey(String orgId, Scope dimension, String value, Period period, Instant periodStart) {

  public RollupKey {
    checkOrg(orgId);
    Objects.requireNonNull(dimension, "dimension");
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(periodStart, "periodStart");
  }

  public String asString() {
    return entry(orgId, dimension, value) + "|" + period + "|" + periodStart;
  }

  /** {@link #asString()} without building the record. */
  public static String asString(String orgId, Scope dimension, String value, Period period, long periodStartMillis) {
    return entry(orgId, dimension, value) + "|" + period + "|" + PeriodStartText.format(periodStartMillis);
  }

  /** The key of one dimension value of one organisation, {@code <orgId>|<dimension>|<value>} (a rollup key's prefix). */
  public static String entry(String orgId, Scope dimension, String value) {
    return checkOrg(orgId) + "|" + dimension + "|" + value;
  }

  /** Parses {@link #asString()} (the value may itself contain '|'). */
  public static RollupKey parse(String key) {
    int orgEnd = key.indexOf('|');
    int dimEnd = orgEnd < 0 ? -1 : key.indexOf('|', orgEnd + 1);
    int last = key.lastIndexOf('|');
    int periodAt = key.lastIndexOf('|', last - 1);
    if (orgEnd < 0 || dimEnd < 0 || periodAt <= dimEnd) {
      throw new IllegalArgumentException("not a rollup key: " + key);
    }
    return new RollupKey(key.substring(0, orgEnd), Scope.valueOf(key.substring(orgEnd + 1, dimEnd)),
        key.substring(dimEnd + 1, periodAt), Period.valueOf(key.substring(periodAt + 1, last)),
        PeriodStartText.parse(key.substring(last + 1)));
  }

  /** The (org, dimension, value) of an {@link #entry} key. */
  public static Entry parseEntry(String entryKey) {
    int orgEnd = entryKey.indexOf('|');
    int dimEnd = orgEnd < 0 ? -1 : entryKey.indexOf('|', orgEnd + 1);
    if (orgEnd < 0 || dimEnd < 0) {
      throw new IllegalArgumentException("not a rollup entry key: " + entryKey);
    }
    return new Entry(entryKey.substring(0, orgEnd), Scope.valueOf(entryKey.substring(orgEnd + 1, dimEnd)),
        entryKey.substring(dimEnd + 1));
  }

  /** One dimension value of one organisation. */
  public record Entry(String orgId, Scope dimension, String value) {}

  private static String checkOrg(String orgId) {
    Objects.requireNonNull(orgId, "orgId");
    if (orgId.indexOf('|') >= 0) {
      throw new IllegalArgumentException("an org id cannot contain '|': " + orgId);
    }
    return orgId;
  }

  @Override
  public String toString() {
    return asString();
  }
}
