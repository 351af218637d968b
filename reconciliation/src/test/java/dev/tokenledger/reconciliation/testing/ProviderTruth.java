package dev.tokenledger.reconciliation.testing;

import dev.tokenledger.reconciliation.TokenCounts;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a provider's reports say, kept as plain sums: per UTC day and model (usage and cost reports), and per
 * UTC day, user and model (Claude Code Analytics). Built from ledger events by adding them up in Java (the
 * independent computation the ITs compare the warehouse's answer with), then changed by the tests to inject
 * differences.
 */
public final class ProviderTruth {

  /** Tokens and cost of one key. */
  public record Figure(TokenCounts tokens, BigDecimal cost) {
    public Figure plus(Figure o) {
      return new Figure(tokens.plus(o.tokens), cost.add(o.cost));
    }
  }

  public final TreeMap<LocalDate, TreeMap<String, Figure>> byModel = new TreeMap<>();
  public final TreeMap<LocalDate, TreeMap<String, TreeMap<String, Figure>>> byUser = new TreeMap<>();

  /** The sums of {@code events} of {@code provider} except the users in {@code excluded}. */
  public static ProviderTruth of(List<SeedEvent> events, String provider, List<String> excluded) {
    ProviderTruth t = new ProviderTruth();
    for (SeedEvent e : events) {
      if (!e.provider().equals(provider) || excluded.contains(e.email())) {
        continue;
      }
      Figure f = new Figure(e.tokens(), e.cost());
      t.byModel.computeIfAbsent(e.utcDay(), d -> new TreeMap<>()).merge(e.model(), f, Figure::plus);
      t.byUser.computeIfAbsent(e.utcDay(), d -> new TreeMap<>()).computeIfAbsent(e.email(), u -> new TreeMap<>())
          .merge(e.model(), f, Figure::plus);
    }
    return t;
  }

  public ProviderTruth copy() {
    ProviderTruth c = new ProviderTruth();
    byModel.forEach((d, m) -> c.byModel.put(d, new TreeMap<>(m)));
    byUser.forEach((d, u) -> {
      TreeMap<String, TreeMap<String, Figure>> users = new TreeMap<>();
      u.forEach((k, v) -> users.put(k, new TreeMap<>(v)));
      c.byUser.put(d, users);
    });
    return c;
  }

  public void add(LocalDate day, String model, Figure delta) {
    byModel.computeIfAbsent(day, d -> new TreeMap<>()).merge(model, delta, Figure::plus);
  }

  public Map<String, Figure> day(LocalDate day) {
    return byModel.getOrDefault(day, new TreeMap<>());
  }
}
