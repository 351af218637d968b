package dev.tokenledger.api.query;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What spend can be grouped and filtered by, with the warehouse column behind each. */
public enum Dimension {
  ORG("org_id"),
  TEAM("team"),
  COST_CENTRE("cost_centre"),
  USER("user_id"),
  PROJECT("project_id"),
  BRANCH("branch"),
  MODEL("model"),
  PROVIDER("provider"),
  SOURCE("source"),
  SESSION("session_id"),
  AGENT("agent_name"),
  HOST("host");

  private final String column;

  Dimension(String column) {
    this.column = column;
  }

  public String column() {
    return column;
  }

  /** The name used in URLs and on the command line: lower case, e.g. {@code cost_centre}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Dimension parse(String text) {
    String key = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    if (key.equals("COST_CENTER")) {
      key = "COST_CENTRE";
    }
    try {
      return valueOf(key);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown dimension '" + text + "' (known: " + names() + ")");
    }
  }

  public static String names() {
    return Arrays.stream(values()).map(Dimension::wireName).collect(Collectors.joining(", "));
  }
}
