package dev.tokenledger.reconciliation;

/**
 * Token counts in the ledger's four disjoint kinds: uncached input, output (reasoning included), cache
 * writes (5 minute and 1 hour together) and cache reads.
 */
public record TokenCounts(long input, long output, long cacheWrite, long cacheRead) {

  public static final TokenCounts ZERO = new TokenCounts(0, 0, 0, 0);

  public TokenCounts {
    if (input < 0 || output < 0 || cacheWrite < 0 || cacheRead < 0) {
      throw new IllegalArgumentException("token counts must not be negative: " + input + ", " + output + ", "
          + cacheWrite + ", " + cacheRead);
    }
  }

  public TokenCounts plus(TokenCounts o) {
    return new TokenCounts(Math.addExact(input, o.input), Math.addExact(output, o.output),
        Math.addExact(cacheWrite, o.cacheWrite), Math.addExact(cacheRead, o.cacheRead));
  }

  public long total() {
    return Math.addExact(Math.addExact(input, output), Math.addExact(cacheWrite, cacheRead));
  }
}
