package dev.tokenledger.processor.pricing;

import dev.tokenledger.events.ModelPrice;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 */
public final class PriceBook {

  /** family key provider/model -> versions by effective-from. */
  private final Map<String, NavigableMap<Instant, ModelPrice>> versions = new ConcurrentHashMap<>();
  /** provider -> (alias or model name -> model). */
  private final Map<String, Map<String, String>> names = new ConcurrentHashMap<>();
  private final AtomicLong revision = new AtomicLong();
  /**
   * Memo of name resolution (provider, raw model name) → family, valid for the revision it was made
   * at: events repeat a handful of model names, and normalising them is most of a lookup's cost.
   */
  private final Map<String, NameMatch> matches = new ConcurrentHashMap<>();
  private static final int MAX_MEMO = 10_000;

  /** A resolved name (family, model) or the reason there is none ({@code family == null}). */
  private record NameMatch(long revision, String family, String model, String missing) {}

  /** Adds (or replaces) one price version. */
  public void put(ModelPrice price) {
    Objects.requireNonNull(price, "price");
    PriceKey key = PriceKey.of(price);
    ModelPrice previous = versions.computeIfAbsent(key.family(), k -> new ConcurrentSkipListMap<>())
        .put(key.effectiveFrom(), price);
    if (price.equals(previous)) {
      return; // unchanged: no new revision
    }
    Map<String, String> byName = names.computeIfAbsent(key.provider(), k -> new ConcurrentHashMap<>());
    byName.put(key.model(), key.model());
    for (CharSequence alias : price.getAliases()) {
      byName.putIfAbsent(alias.toString().toLowerCase(java.util.Locale.ROOT), key.model());
    }
    revision.incrementAndGet();
  }

  /** Removes one price version (a tombstone on the price topic). */
  public void remove(PriceKey key) {
    NavigableMap<Instant, ModelPrice> v = versions.get(key.family());
    if (v != null) {
      v.remove(key.effectiveFrom());
    }
    revision.incrementAndGet();
  }

  public long revision() {
    return revision.get();
  }

  public int size() {
    return versions.values().stream().mapToInt(Map::size).sum();
  }

  /**
   * The price in force for {@code rawModel} at {@code at}. The event's provider is searched first;
   * a name that no price of that provider carries resolves through another provider only when exactly
   * one provider has it (e.g. a Claude model reported with provider {@code bedrock}).
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
    if (m.family() == null) {
      return new PriceResolution.Missing(m.missing());
    }
    NavigableMap<Instant, ModelPrice> v = versions.get(m.family());
    Map.Entry<Instant, ModelPrice> e = v == null ? null : v.floorEntry(at);
    if (e == null) {
      return new PriceResolution.Missing("model '" + rawModel + "' resolves to " + m.family()
          + " but no price version is in force at " + at);
    }
    return new PriceResolution.Found(m.model(), e.getValue());
  }

  private NameMatch match(String provider, String rawModel, long rev) {
    List<String> candidates = ModelNames.candidates(rawModel);
    if (candidates.isEmpty()) {
      return new NameMatch(rev, null, null, "model name is blank");
    }
    String p = provider == null ? "" : provider.trim().toLowerCase(java.util.Locale.ROOT);
    for (String candidate : candidates) {
      String model = modelOf(p, candidate);
      if (model != null) {
        return new NameMatch(rev, p + "/" + model, model, null);
      }
      List<String> owners = new ArrayList<>(2);
      for (Map.Entry<String, Map<String, String>> e : names.entrySet()) {
        if (!e.getKey().equals(p) && e.getValue().containsKey(candidate)) {
          owners.add(e.getKey());
        }
      }
      if (owners.size() == 1) {
        String owner = owners.get(0);
        String ownerModel = modelOf(owner, candidate);
        return new NameMatch(rev, owner + "/" + ownerModel, ownerModel, null);
      }
    }
    return new NameMatch(rev, null, null,
        "no price for model '" + rawModel + "' of provider '" + provider + "' (tried " + candidates + ")");
  }

  /** All versions held, ordered by key (for tests and diagnostics). */
  public List<ModelPrice> all() {
    List<ModelPrice> out = new ArrayList<>();
    for (String family : new TreeSet<>(versions.keySet())) {
      out.addAll(versions.get(family).values());
    }
    return out;
  }

  private String modelOf(String provider, String name) {
    Map<String, String> byName = names.get(provider);
    return byName == null ? null : byName.get(name);
  }
}
