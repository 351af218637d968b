package dev.tokenledger.api.query;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What spend can be grouped and filtered by. A dimension kept in the daily rollups has its rollup name
 * there ({@code usage_daily.dimension}); the others are answered from the events. A multi-valued
 * dimension (a request can use several tools or MCP servers) counts a request under each of its values,
 * so its rows add up to more than the total. {@link #CHAIN} is derived from the events' side-chain flag
 * and has exactly the values {@link #MAIN_CHAIN} and {@link #SUBAGENT_CHAIN}.
 */
public enum Dimension {
  ORG("org"),
  TEAM("team"),
  COST_CENTRE("cost_centre"),
  USER("user"),
  PROJECT("project"),
  BRANCH(null),
  MODEL("model"),
  PROVIDER("provider"),
  SOURCE("source"),
  SESSION(null),
  AGENT(null),
  AGENT_ROLE(null),
  WORKFLOW_STEP(null),
  TOOL(null),
  MCP_SERVER(null),
  ACCURACY("accuracy"),
  HOST(null),
  /** Whether the main conversation ({@code main}) or a sub-agent / side chain ({@code subagent}) made the request. */
  CHAIN(null);

  /** The {@link #CHAIN} value of the main conversation's requests. */
  public static final String MAIN_CHAIN = "main";
  /** The {@link #CHAIN} value of the requests made by sub-agents (side chains). */
  public static final String SUBAGENT_CHAIN = "subagent";

  private final String rollupName;

  Dimension(String rollupName) {
    this.rollupName = rollupName;
  }

  /** The name of this dimension in the daily rollups, or null when only the events hold it. */
  public String rollupName() {
    return rollupName;
  }

  public boolean inRollups() {
    return rollupName != null;
  }

  /** True when one request can have several values (its rows overlap). */
  public boolean multiValued() {
    return this == TOOL || this == MCP_SERVER;
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
