package dev.tokenledger.processor.pricing;

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
 *   <li><b>An organisation override in force wins over any list price</b>, however recent the list
 *       snapshot: list prices and overrides are kept apart, and overrides are searched first.
 *   <li><b>An override applies to every spelling of its model</b>: the override family is the first of
 *       the event name's candidates ({@link ModelNames#candidates}, most specific first) that has an
 *       override, so an override for {@code gpt-4o} prices {@code gpt-4o-2024-08-06} although the list
 *       has a price for the dated name; an override for the dated name itself wins over the family's.
 *   <li>Otherwise the list price in force at the event time.
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

  /** The override and list families a name resolves to (each may be null), or why there is none. */
  private record NameMatch(long revision, Family override, Family list, String missing) {}

  /** Adds (or replaces) one price version. */
  public void put(ModelPrice price) {
    Objects.requireNonNull(price, "price");
    PriceKey key = PriceKey.of(price);
    boolean override = price.getSource() == PriceSource.OVERRIDE;
    // a version moving between sources (an override published at a list key) leaves the other table
    ModelPrice stale = versionsOf(!override).getOrDefault(key.family(), new ConcurrentSkipListMap<>()).remove(key.effectiveFrom());
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

  /**
   * The price for {@code rawModel} at {@code at} (the rules in the class comment). The event's provider
   * is searched first; a name that no price of that provider carries resolves through another provider
   * only when exactly one provider has it (e.g. a Claude model reported with provider {@code bedrock}).
   */
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
    if (m.override() == null && m.list() == null) {
      return new PriceResolution.Missing(m.missing());
    }
    PriceResolution r = inForce(m.override(), overrides, at);
    if (r == null) {
      r = inForce(m.list(), list, at);
    }
    if (r == null) {
      r = earliest(m.list(), list);
    }
    if (r == null) {
      r = earliest(m.override(), overrides);
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
      return new NameMatch(rev, null, null, "model name is blank");
    }
    String p = provider == null ? "" : provider.trim().toLowerCase(Locale.ROOT);
    Family override = family(p, candidates, overrideNames, overrides);
    Family listed = family(p, candidates, listNames, list);
    return new NameMatch(rev, override, listed,
        "no price for model '" + rawModel + "' of provider '" + provider + "' (tried " + candidates + ")");
  }

  /** The family of the first candidate that {@code names} knows (with versions), or null. */
  private static Family family(String provider, List<String> candidates, Map<String, Map<String, String>> names,
      Map<String, NavigableMap<Instant, ModelPrice>> versions) {
    for (String candidate : candidates) {
      String model = modelOf(names, provider, candidate);
      if (model != null && versions.containsKey(provider + "/" + model)) {
        return new Family(provider + "/" + model, model);
      }
      List<String> owners = new ArrayList<>(2);
      for (Map.Entry<String, Map<String, String>> e : names.entrySet()) {
        String other = e.getValue().get(candidate);
        if (!e.getKey().equals(provider) && other != null && versions.containsKey(e.getKey() + "/" + other)) {
          owners.add(e.getKey());
        }
      }
      if (owners.size() == 1) {
        String owner = owners.get(0);
        String ownerModel = modelOf(names, owner, candidate);
        return new Family(owner + "/" + ownerModel, ownerModel);
      }
    }
    return null;
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

  private static String modelOf(Map<String, Map<String, String>> names, String provider, String name) {
    Map<String, String> byName = names.get(provider);
    return byName == null ? null : byName.get(name);
  }
}
