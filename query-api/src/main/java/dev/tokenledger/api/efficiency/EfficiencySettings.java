package dev.tokenledger.api.efficiency;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The targets and thresholds of the efficiency figures and smells ({@code [efficiency]} of the API
 * settings, parsed once). Ratios are fractions 0..1.
 *
 * @param cacheHitTarget the cache hit ratio a scope should reach ({@code cache.meets_target})
 * @param outlierFactor a session is an outlier when it cost more than this many times its user's median session
 * @param outlierBaselineDays the user's median is taken over their sessions started from this many days
 *     before {@code from} up to {@code to}
 * @param outlierMinSessions a user needs at least this many sessions in the baseline to have outliers at all
 * @param outlierLimit the most outlier sessions listed (highest ratio first)
 * @param shareLimit the most agents or workflow steps listed in the shares (largest cost first)
 * @param trivialOutputTokens a turn with at most this many output tokens and no tool call is trivial
 * @param smellMinCalls a model or scope with fewer calls than this raises no per-call smell
 * @param cacheWriteMinTokens the cache-write smell needs at least this many cache-write tokens
 * @param cacheReadsPerWrite the cache-write smell fires when cache reads are below this many times cache writes
 * @param longContextShare the long-context smell fires when at least this share of calls is in the long-context tier
 * @param trivialShare the expensive-model smell fires when at least this share of that model's calls is trivial
 * @param zombieDays an MCP server configured but not called for this many days is a zombie
 */
public record EfficiencySettings(
    BigDecimal cacheHitTarget,
    BigDecimal outlierFactor,
    int outlierBaselineDays,
    int outlierMinSessions,
    int outlierLimit,
    int shareLimit,
    long trivialOutputTokens,
    long smellMinCalls,
    long cacheWriteMinTokens,
    BigDecimal cacheReadsPerWrite,
    BigDecimal longContextShare,
    BigDecimal trivialShare,
    int zombieDays) {

  /** The defaults of {@code api.reference.toml}. */
  public static final EfficiencySettings DEFAULTS = new EfficiencySettings(new BigDecimal("0.70"), new BigDecimal("3"), 30, 5, 20, 50,
      200, 20, 100_000, new BigDecimal("1"), new BigDecimal("0.10"), new BigDecimal("0.25"), 30);

  public EfficiencySettings {
    requireFraction("cache_hit_target", cacheHitTarget);
    requireFraction("long_context_share", longContextShare);
    requireFraction("trivial_share", trivialShare);
    Objects.requireNonNull(outlierFactor, "outlier_factor");
    Objects.requireNonNull(cacheReadsPerWrite, "cache_reads_per_write");
    if (outlierFactor.compareTo(BigDecimal.ONE) <= 0) {
      throw new IllegalArgumentException("outlier_factor: must be more than 1, got " + outlierFactor.toPlainString());
    }
    if (cacheReadsPerWrite.signum() < 0) {
      throw new IllegalArgumentException("cache_reads_per_write: must not be negative, got " + cacheReadsPerWrite.toPlainString());
    }
    requireRange("outlier_baseline_days", outlierBaselineDays, 0, 366);
    requireRange("outlier_min_sessions", outlierMinSessions, 1, 100_000);
    requireRange("outlier_limit", outlierLimit, 0, 1000);
    requireRange("share_limit", shareLimit, 1, 1000);
    requireRange("trivial_output_tokens", trivialOutputTokens, 0, 1_000_000);
    requireRange("smell_min_calls", smellMinCalls, 1, 1_000_000_000);
    requireRange("cache_write_min_tokens", cacheWriteMinTokens, 0, Long.MAX_VALUE);
    requireRange("zombie_days", zombieDays, 1, 3660);
  }

  private static void requireFraction(String name, BigDecimal v) {
    Objects.requireNonNull(v, name);
    if (v.signum() < 0 || v.compareTo(BigDecimal.ONE) > 0) {
      throw new IllegalArgumentException(name + ": must be a fraction from 0 to 1, got " + v.toPlainString());
    }
  }

  private static void requireRange(String name, long v, long min, long max) {
    if (v < min || v > max) {
      throw new IllegalArgumentException(name + ": must be " + min + ".." + max + ", got " + v);
    }
  }
}
