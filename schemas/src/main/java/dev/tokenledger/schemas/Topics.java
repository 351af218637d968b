package dev.tokenledger.schemas;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The typed catalogue of every Kafka topic the product uses. Components receive a {@code Topics}
 * instance; topic names never appear as string literals elsewhere.
 *
 * @param usageEvents raw usage events from agents (key: event id)
 * @param priced de-duplicated, priced events (key: event id)
 * @param rollups calendar-period aggregates (key: dimension|value|period|start)
 * @param rejected anything that could not be processed, with a reason
 * @param budgets budget definitions (compacted, key: budget id)
 * @param breaches budget threshold crossings (key: breach id)
 * @param prices model price versions (compacted, key: provider/model@effectiveFrom)
 * @param commits commits the agents saw made during sessions (key: commit id, ADR 0620)
 * @param mcpInventory MCP servers named in the assistants' settings (key: entry id, ADR 0620)
 * @param variances reconciliation rows over the alert threshold (key: variance id, ADR 0802)
 */
public record Topics(
    String usageEvents,
    String priced,
    String rollups,
    String rejected,
    String budgets,
    String breaches,
    String prices,
    String commits,
    String mcpInventory,
    String variances) {

  public Topics {
    for (String name : new String[] {usageEvents, priced, rollups, rejected, budgets, breaches, prices, commits,
        mcpInventory, variances}) {
      Objects.requireNonNull(name, "topic name");
      if (!name.matches("[a-zA-Z0-9._-]{1,249}")) {
        throw new IllegalArgumentException("invalid Kafka topic name: '" + name + "'");
      }
    }
  }

  /** The topics the collector agent writes (it never creates them, ADR 0133). */
  public List<String> agentWritten() {
    return List.of(usageEvents, commits, mcpInventory);
  }

  /** The default names: usage.events.v1, usage.priced.v1, ... . */
  public static Topics defaults() {
    return withPrefix("");
  }

  /** The default names with a prefix, e.g. a per-test prefix for isolation. */
  public static Topics withPrefix(String prefix) {
    return new Topics(
        prefix + "usage.events.v1",
        prefix + "usage.priced.v1",
        prefix + "usage.rollups.v1",
        prefix + "usage.rejected.v1",
        prefix + "budgets.v1",
        prefix + "budget.breaches.v1",
        prefix + "pricing.models.v1",
        prefix + "agent.commits.v1",
        prefix + "agent.mcp-inventory.v1",
        prefix + "reconciliation.variances.v1");
  }

  public List<String> all() {
    return List.of(usageEvents, priced, rollups, rejected, budgets, breaches, prices, commits, mcpInventory, variances);
  }

  /** Topics whose latest value per key is the state (log compaction). */
  public List<String> compacted() {
    return List.of(budgets, prices);
  }

  /**
   * Topic-level configs the product expects when it creates a topic. The topics the agents write (usage,
   * commits, MCP inventory) are stamped by the broker ({@code message.timestamp.type=LogAppendTime}): agents run on machines whose clocks are
   * wrong, and a record stamped by a clock more than {@code log.message.timestamp.after.max.ms} (1 h
   * by default in Kafka 4) ahead would be refused. Every other topic is written by the product's own
   * roles, which stamp records with their clock, never with an event time (ADR 0222), so their
   * time-based retention counts from when a record was written.
   */
  public Map<String, String> configFor(String topic) {
    if (compacted().contains(topic)) {
      return Map.of("cleanup.policy", "compact");
    }
    if (agentWritten().contains(topic)) {
      return Map.of("cleanup.policy", "delete", "retention.ms", String.valueOf(90L * 24 * 3600 * 1000),
          TIMESTAMP_TYPE, LOG_APPEND_TIME);
    }
    return Map.of("cleanup.policy", "delete", "retention.ms", String.valueOf(90L * 24 * 3600 * 1000));
  }

  /** The topic config naming who stamps a record's timestamp. */
  public static final String TIMESTAMP_TYPE = "message.timestamp.type";
  /** The broker stamps records when it appends them. */
  public static final String LOG_APPEND_TIME = "LogAppendTime";
}
