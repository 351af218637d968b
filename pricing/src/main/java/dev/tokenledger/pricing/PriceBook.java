package dev.tokenledger.pricing;

import dev.tokenledger.events.ModelPrice;
import dev.tokenledger.events.PriceSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The dated price table in memory: every version of every model, looked up by (provider, raw model
 * name, instant). Thread-safe: one writer (the thread that follows the price topic) and any number of
 * readers. {@link #revision()} changes on every mutation so readers can tell that prices arrived.
 *
 * <p>The rules of a lookup, in order (ADR 0201, amended):
 * <ol>
 *   <li><b>The provider</b>: the event's own, when any spelling of the name is priced for it (list or
 *       override); otherwise the one other provider that prices it (e.g. a Claude model reported with
 *       provider {@code bedrock}); another provider's override never beats the event provider's own price.
 *   <li><b>An organisation override in force wins over any list price</b>, however recent the list
 *       snapshot: list prices and overrides are kept apart, and overrides are searched first — for each
 *       of the name's candidates ({@link ModelNames#candidates}, most specific first), so an override of
 *       a dated snapshot wins over the family's, and an override of the family ({@code gpt-4o}) prices
 *       every dated spelling ({@code gpt-4o-2024-08-06}) even when the list prices that spelling.
 *   <li>Otherwise the list price in force at the event time (the most specific listed candidate).
 *   <li><b>An event dated before the first version of its model</b> (a price added today for a model
 *       used last week) is priced with that first version — the earliest known price — rather than
 *       waiting forever; the priced row shows it ({@code priceEffectiveFrom} after the event time).
 * </ol>
 */
public final class PriceBook {

  /** The versions of one source: family key provider/model -> versions by effective-from. */
  private final Map<String, NavigableMap<Instant, ModelPrice>> list = new ConcurrentHashMap<>();
  private final Map<String, NavigableMap<Instant, ModelPrice>> overrides = new ConcurrentHashMap<>();
  /** provider -> (alias or model name -> model), per source. */
  private final Map<String, Map<String, String>> listNames = new ConcurrentHashMap<>();
  private final Map<String, Map<String, String>> overrideNames = new ConcurrentHashMap<>();
  private final AtomicLong revision = new AtomicLong();
  /**
   * Memo of name resolution (provider, raw model name) → families, valid for the revision it was made
   * at: events repeat a handful of model names, and normalising them is most of a lookup's cost.
   */
  private final Map<String, NameMatch> matches = new ConcurrentHashMap<>();
  private static final int MAX_MEMO = 10_000;

  /** A resolved family (provider/model) and model, or none. */
  private record Family(String key, String model) {}

  /** The override families a name resolves to (most specific first), its list family (or null), or why there is none. */
  private record NameMatch(long revision, List<Family> overrides, Family list, String missing) {}

  /** Adds (or replaces) one price version. */
  public void put(ModelPrice price) {
    Objects.requireNonNull(price, "price");
    PriceKey key = PriceKey.of(price);
    boolean override = price.getSource() == PriceSource.OVERRIDE;
    // a version moving between sources (an override published at a list key) leaves the other table
    NavigableMap<Instant, ModelPrice> other = versionsOf(!override).get(key.family());
    ModelPrice stale = other == null ? null : other.remove(key.effectiveFrom());
    if (other != null && other.isEmpty()) {
      versionsOf(!override).remove(key.family());
    }
    ModelPrice previous = versionsOf(override).computeIfAbsent(key.family(), k -> new ConcurrentSkipListMap<>())
        .put(key.effectiveFrom(), price);
    if (price.equals(previous) && stale == null) {
      return; // unchanged: no new revision
    }
    Map<String, String> byName = namesOf(override).computeIfAbsent(key.provider(), k -> new ConcurrentHashMap<>());
    byName.put(key.model(), key.model());
    for (CharSequence alias : price.getAliases()) {
      byName.putIfAbsent(alias.toString().toLowerCase(Locale.ROOT), key.model());
    }
    revision.incrementAndGet();
  }

  /** Removes one price version (a tombstone on the price topic). */
  public void remove(PriceKey key) {
    for (Map<String, NavigableMap<Instant, ModelPrice>> source : List.of(list, overrides)) {
      NavigableMap<Instant, ModelPrice> v = source.get(key.family());
      if (v != null) {
        v.remove(key.effectiveFrom());
        if (v.isEmpty()) {
          source.remove(key.family());
        }
      }
    }
    revision.incrementAndGet();
  }

  public long revision() {
    return revision.get();
  }

  public int size() {
    return list.values().stream().mapToInt(Map::size).sum() + overrides.values().stream().mapToInt(Map::size).sum();
  }

  /** The price for {@code rawModel} at {@code at} (the rules in the class comment). */
  public PriceResolution find(String provider, String rawModel, Instant at) {
    long rev = revision.get();
    String memoKey = (provider == null ? "\u0001" : provider) + '\u0000' + rawModel;
    NameMatch m = matches.get(memoKey);
    if (m == null || m.revision() != rev) {
      m = match(provider, rawModel, rev);
      if (matches.size() >= MAX_MEMO) {
        matches.clear();   // bounded: a stream of distinct names cannot grow it
      }
      matches.put(memoKey, m);
    }
    if (m.overrides().isEmpty() && m.list() == null) {
      return new PriceResolution.Missing(m.missing());
    }
    for (Family f : m.overrides()) {   // most specific first: the first override in force wins
      PriceResolution r = inForce(f, overrides, at);
      if (r != null) {
        return r;
      }
    }
    PriceResolution r = inForce(m.list(), list, at);
    if (r == null) {
      r = earliest(m.list(), list);
    }
    for (int i = 0; r == null && i < m.overrides().size(); i++) {
      r = earliest(m.overrides().get(i), overrides);
    }
    if (r == null) {   // removed since the memo was made
      return new PriceResolution.Missing("model '" + rawModel + "' has no price version left");
    }
    return r;
  }

  private static PriceResolution inForce(Family f, Map<String, NavigableMap<Instant, ModelPrice>> source, Instant at) {
    NavigableMap<Instant, ModelPrice> v = f == null ? null : source.get(f.key());
    Map.Entry<Instant, ModelPrice> e = v == null ? null : v.floorEntry(at);
    return e == null ? null : new PriceResolution.Found(f.model(), e.getValue());
  }

  private static PriceResolution earliest(Family f, Map<String, NavigableMap<Instant, ModelPrice>> source) {
    NavigableMap<Instant, ModelPrice> v = f == null ? null : source.get(f.key());
    Map.Entry<Instant, ModelPrice> e = v == null ? null : v.firstEntry();
    return e == null ? null : new PriceResolution.Found(f.model(), e.getValue());
  }

  private NameMatch match(String provider, String rawModel, long rev) {
    List<String> candidates = ModelNames.candidates(rawModel);
    if (candidates.isEmpty()) {
      return new NameMatch(rev, List.of(), null, "model name is blank");
    }
    String missing = "no price for model '" + rawModel + "' of provider '" + provider + "' (tried " + candidates + ")";
    String p = provider == null ? "" : provider.trim().toLowerCase(Locale.ROOT);
    String owner = prices(p, candidates) ? p : soleOtherProvider(p, candidates);
    if (owner == null) {
      return new NameMatch(rev, List.of(), null, missing);
    }
    List<Family> overrideFamilies = new ArrayList<>(2);
    Family listed = null;
    for (String candidate : candidates) {
      Family o = family(owner, candidate, overrideNames, overrides);
      if (o != null && !overrideFamilies.contains(o)) {
        overrideFamilies.add(o);
      }
      if (listed == null) {
        listed = family(owner, candidate, listNames, list);
      }
    }
    return new NameMatch(rev, List.copyOf(overrideFamilies), listed, missing);
  }

  /** Whether {@code provider} prices any of the candidates, in either table. */
  private boolean prices(String provider, List<String> candidates) {
    for (String c : candidates) {
      if (family(provider, c, overrideNames, overrides) != null || family(provider, c, listNames, list) != null) {
        return true;
      }
    }
    return false;
  }

  /** The one provider other than {@code provider} that prices a candidate (most specific first; ambiguous ones skipped), or null. */
  private String soleOtherProvider(String provider, List<String> candidates) {
    for (String c : candidates) {
      java.util.Set<String> owners = new java.util.TreeSet<>();
      for (Map<String, Map<String, String>> names : List.of(overrideNames, listNames)) {
        for (String other : names.keySet()) {
          if (!other.equals(provider) && (family(other, c, overrideNames, overrides) != null
              || family(other, c, listNames, list) != null)) {
            owners.add(other);
          }
        }
      }
      if (owners.size() == 1) {
        return owners.iterator().next();
      }
    }
    return null;
  }

  /** The family {@code provider}/{@code candidate} resolves to in one table (with versions), or null. */
  private static Family family(String provider, String candidate, Map<String, Map<String, String>> names,
      Map<String, NavigableMap<Instant, ModelPrice>> versions) {
    Map<String, String> byName = names.get(provider);
    String model = byName == null ? null : byName.get(candidate);
    if (model == null) {
      return null;
    }
    NavigableMap<Instant, ModelPrice> v = versions.get(provider + "/" + model);
    return v == null || v.isEmpty() ? null : new Family(provider + "/" + model, model);
  }

  /** All versions held (list prices, then overrides), ordered by key (for tests and diagnostics). */
  public List<ModelPrice> all() {
    List<ModelPrice> out = new ArrayList<>();
    for (Map<String, NavigableMap<Instant, ModelPrice>> source : List.of(list, overrides)) {
      for (String family : new TreeSet<>(source.keySet())) {
        out.addAll(source.get(family).values());
      }
    }
    return out;
  }

  private Map<String, NavigableMap<Instant, ModelPrice>> versionsOf(boolean override) {
    return override ? overrides : list;
  }

  private Map<String, Map<String, String>> namesOf(boolean override) {
    return override ? overrideNames : listNames;
  }

}
