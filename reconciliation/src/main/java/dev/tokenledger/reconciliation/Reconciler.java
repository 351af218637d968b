package dev.tokenledger.reconciliation;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Joins the ledger's and a provider's figures per UTC day, model and subject, keeping every key that either
 * side has (a full outer join: nothing on one side only is dropped). Provider model ids are mapped to the
 * ledger's with the {@link ModelMap}; several provider ids mapped to one ledger model are added up.
 * Subjects are compared without case (e-mail addresses).
 */
public final class Reconciler {

  private final ModelMap models;

  public Reconciler(ModelMap models) {
    this.models = Objects.requireNonNull(models, "models");
  }

  /** The reports whose rows {@code groupBy} compares with the ledger for {@code provider}. */
  public static List<ReportKind> reportsFor(Provider provider, GroupBy groupBy) {
    if (groupBy == GroupBy.MODEL) {
      return List.of(ReportKind.USAGE, ReportKind.COST);
    }
    if (provider != Provider.ANTHROPIC) {
      throw new IllegalArgumentException(provider.id() + "'s reports name no subject the ledger knows: group by model");
    }
    return List.of(ReportKind.CLAUDE_CODE);
  }

  public List<ReconciliationRow> reconcile(Provider provider, GroupBy groupBy, List<LedgerRow> ledger,
      List<ProviderRow> reported) {
    List<ReportKind> reports = reportsFor(provider, groupBy);
    Map<Key, Side> ledgerSide = new TreeMap<>();
    for (LedgerRow r : ledger) {
      Key k = new Key(r.day(), r.model(), subject(groupBy, r.subject()));
      ledgerSide.computeIfAbsent(k, x -> new Side()).add(r.tokens(), r.costUsd());
    }
    Map<Key, Side> providerSide = new TreeMap<>();
    for (ProviderRow r : reported) {
      if (r.provider() != provider || !reports.contains(r.report())) {
        continue;
      }
      Key k = new Key(r.day(), models.ledgerModel(r.model()), subject(groupBy, r.subject()));
      providerSide.computeIfAbsent(k, x -> new Side()).add(r.tokens(), r.costUsd());
    }
    TreeMap<Key, Boolean> keys = new TreeMap<>();
    ledgerSide.keySet().forEach(k -> keys.put(k, true));
    providerSide.keySet().forEach(k -> keys.put(k, true));
    List<ReconciliationRow> out = new ArrayList<>(keys.size());
    for (Key k : keys.keySet()) {
      Side l = ledgerSide.get(k);
      Side p = providerSide.get(k);
      out.add(ReconciliationRow.of(k.day, provider, k.model, k.subject,
          l != null, l == null ? TokenCounts.ZERO : l.tokens, l == null ? BigDecimal.ZERO : l.cost,
          p != null, p == null ? TokenCounts.ZERO : p.tokens, p == null ? BigDecimal.ZERO : p.cost));
    }
    return out;
  }

  private static String subject(GroupBy groupBy, String subject) {
    return groupBy == GroupBy.MODEL ? "" : subject.trim().toLowerCase(Locale.ROOT);
  }

  private record Key(LocalDate day, String model, String subject) implements Comparable<Key> {
    private static final Comparator<Key> ORDER = Comparator.comparing(Key::day).thenComparing(Key::model)
        .thenComparing(Key::subject);

    @Override
    public int compareTo(Key o) {
      return ORDER.compare(this, o);
    }
  }

  private static final class Side {
    TokenCounts tokens = TokenCounts.ZERO;
    BigDecimal cost = BigDecimal.ZERO;

    void add(TokenCounts t, BigDecimal c) {
      tokens = tokens.plus(t);
      cost = cost.add(c);
    }
  }
}
