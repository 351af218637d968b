package dev.tokenledger.api.efficiency;

import dev.tokenledger.api.efficiency.EfficiencyReport.Severity;
import dev.tokenledger.api.efficiency.EfficiencyReport.Smell;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * Many cache writes that are hardly read back: at least {@code cache_write_min_tokens} cache-write tokens
 * (5-minute and 1-hour) and fewer than {@code cache_reads_per_write} cache-read tokens per cache-write token.
 */
final class CacheWritesWithoutReads implements SmellRule {

  @Override
  public String code() {
    return "cache_writes_without_reads";
  }

  @Override
  public Optional<Smell> check(EfficiencyFacts facts, EfficiencyReport report, EfficiencySettings settings) {
    EfficiencyFacts.Totals t = facts.totals();
    long writes = t.cacheWriteTokens();
    if (writes == 0 || writes < settings.cacheWriteMinTokens()
        || BigDecimal.valueOf(t.cacheReadTokens()).compareTo(settings.cacheReadsPerWrite().multiply(BigDecimal.valueOf(writes))) >= 0) {
      return Optional.empty();
    }
    BigDecimal readsPerWrite = Figures.ratio(t.cacheReadTokens(), writes);
    return Optional.of(new Smell(code(), Severity.WARNING,
        writes + " cache-write tokens but only " + t.cacheReadTokens() + " cache-read tokens (" + readsPerWrite.toPlainString()
            + " reads per written token, expected at least " + settings.cacheReadsPerWrite().toPlainString() + ")",
        "A cache write costs 1.25 times (5-minute cache) or 2 times (1-hour cache) the input price and only pays off when it is read"
            + " again: avoid many short one-off sessions with large prompts, prefer the 5-minute cache for short sessions, and keep the"
            + " cached prefix identical between calls.",
        readsPerWrite, settings.cacheReadsPerWrite()));
  }
}
