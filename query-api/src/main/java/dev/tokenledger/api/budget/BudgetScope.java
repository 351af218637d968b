package dev.tokenledger.api.budget;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Whose spend a budget limits: the whole organisation, one team, project, user or cost centre. */
public enum BudgetScope {
  ORG,
  TEAM,
  PROJECT,
  USER,
  COST_CENTRE;

  /** The name in URLs, bodies and the warehouse's rollup dimension: lower case, e.g. {@code cost_centre}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static BudgetScope parse(String text) {
    String key = text == null ? "" : text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    if (key.equals("COST_CENTER")) {
      key = "COST_CENTRE";
    }
    try {
      return valueOf(key);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("one of " + names() + ", not '" + text + "'");
    }
  }

  public static String names() {
    return Arrays.stream(values()).map(BudgetScope::wireName).collect(Collectors.joining(", "));
  }
}
