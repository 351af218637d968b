package dev.tokenledger.processor.rollup;

import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.events.Scope;
import dev.tokenledger.events.UsageEvent;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The dimensions a priced event is rolled up over, and its value in each. */
public final class RollupDimensions {

  /** Rollup dimensions, in output order. */
  public static final List<Scope> ALL = List.of(Scope.ORG, Scope.TEAM, Scope.COST_CENTRE, Scope.PROJECT,
      Scope.USER, Scope.MODEL, Scope.PROVIDER, Scope.SOURCE);

  /** The value used when an event has none for a dimension (e.g. no team configured). */
  public static final String NONE = "(none)";

  private RollupDimensions() {}

  public static Map<Scope, String> of(PricedUsage priced) {
    UsageEvent e = priced.getEvent();
    Map<Scope, String> out = new EnumMap<>(Scope.class);
    out.put(Scope.ORG, orNone(e.getOrgId()));
    out.put(Scope.TEAM, orNone(e.getTeam()));
    out.put(Scope.COST_CENTRE, orNone(e.getCostCentre()));
    out.put(Scope.PROJECT, orNone(e.getProjectId()));
    out.put(Scope.USER, orNone(e.getUserId()));
    out.put(Scope.MODEL, orNone(priced.getNormalizedModel()));
    out.put(Scope.PROVIDER, orNone(e.getProvider()));
    out.put(Scope.SOURCE, e.getSource().name());
    return out;
  }

  /** The event's value in each dimension, in {@link #ALL}'s order (what {@link #of} maps, without the map). */
  public static String[] values(PricedUsage priced) {
    UsageEvent e = priced.getEvent();
    return new String[] {orNone(e.getOrgId()), orNone(e.getTeam()), orNone(e.getCostCentre()), orNone(e.getProjectId()),
        orNone(e.getUserId()), orNone(priced.getNormalizedModel()), orNone(e.getProvider()), e.getSource().name()};
  }

  private static String orNone(CharSequence s) {
    return s == null || s.toString().isBlank() ? NONE : s.toString();
  }
}
