package dev.tokenledger.processor.streams;

import dev.tokenledger.events.BudgetBreach;
import dev.tokenledger.events.Period;
import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.events.RejectedEvent;
import dev.tokenledger.events.UsageRollup;
import dev.tokenledger.schemas.serde.WireRecord;
import java.util.Set;

/** What a processor of the topology produces; the topology routes each kind to its topic. */
sealed interface Outcome {

  /** A de-duplicated event with its price (with the event's bytes as read, when kept: ADR 0227). */
  record Priced(WireRecord<PricedUsage> value) implements Outcome {}

  /** Something that could not be processed, with its reason. */
  record Rejected(RejectedEvent value) implements Outcome {}

  /**
   * A priced event added to the rollups of {@code openPeriods} (those still inside their grace);
   * {@code spend} holds the costs of those rollups after the addition.
   */
  record Accepted(PricedUsage value, Set<Period> openPeriods, RollupSpend spend) implements Outcome {}

  /** A new version of a rollup. */
  record Rollup(UsageRollup value) implements Outcome {}

  /** A budget threshold crossed. */
  record Breach(BudgetBreach value) implements Outcome {}
}
