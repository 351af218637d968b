package dev.tokenledger.processor.streams;

/**
 * The names of the topology's nodes that a processor forwards to by name ({@code context.forward(record,
 * child)}, ADR 0229): each processor sends each kind of output straight to the node that handles it, so
 * no branch or unwrapping node runs per record. No internal topic or store name derives from these; the
 * repartition's are fixed by its name, {@code priced-by-org}.
 */
final class NodeNames {

  /** The repartition by organisation (its topic is {@code <application id>-priced-by-org-repartition}). */
  static final String PRICED_BY_ORG = "priced-by-org";
  /** The first node of that repartition: the DSL's null-key filter before its sink. */
  static final String PRICED_BY_ORG_ENTRY = PRICED_BY_ORG + "-repartition-filter";
  static final String INTAKE_REJECTED_SINK = "intake-rejected-sink";
  static final String PRICED_SINK = "priced-sink";
  static final String ROLLUPS = "rollups";
  static final String ROLLUPS_SINK = "rollups-sink";
  static final String LATE_REJECTED_SINK = "late-rejected-sink";
  static final String BUDGETS = "budgets";

  private NodeNames() {}
}
