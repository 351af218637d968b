package dev.tokenledger.pricing;

/**
 * The token counts of a request cannot be priced into the contract: a count is negative, the prompt
 * size overflows {@code long}, or a cost does not fit the Avro {@code CostBreakdown} decimal
 * (precision 18, scale 9, i.e. less than one billion USD). The event is bad input: the caller rejects
 * it with this message instead of emitting a record the producer could not serialise.
 */
public final class UnpriceableUsageException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public UnpriceableUsageException(String message) {
    super(message);
  }
}
