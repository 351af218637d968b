package dev.tokenledger.api.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One row of a spend answer.
 *
 * @param period the bucket's first day, or null for {@link Granularity#TOTAL}
 * @param keys the group-by values, in query order
 * @param requests billed requests
 * @param sessions distinct sessions, or null when the question did not ask for them
 * @param tokens tokens per class
 * @param costUsd cost in USD (exact decimal)
 * @param cacheSavingsUsd what cache reads saved against the input price, in USD
 * @param hour the bucket's start for {@link Granularity#HOUR} (a UTC hour), else null
 * @param firstRequest the time of the row's first request, or null when the question did not ask for it
 * @param lastRequest the time of the row's last request, or null when the question did not ask for it
 * @param notFinalCostUsd the part of {@code costUsd} whose counts are not provider-final (see {@link Accuracy})
 */
public record SpendRow(
    LocalDate period,
    Map<Dimension, String> keys,
    long requests,
    Long sessions,
    Map<TokenClass, Long> tokens,
    BigDecimal costUsd,
    BigDecimal cacheSavingsUsd,
    Instant hour,
    Instant firstRequest,
    Instant lastRequest,
    BigDecimal notFinalCostUsd) {

  public SpendRow {
    keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    tokens = Collections.unmodifiableMap(new TreeMap<>(tokens));
    Objects.requireNonNull(costUsd, "costUsd");
    Objects.requireNonNull(cacheSavingsUsd, "cacheSavingsUsd");
    Objects.requireNonNull(notFinalCostUsd, "notFinalCostUsd");
  }

  /** A row whose counts are all provider-final, with request instants. */
  public SpendRow(LocalDate period, Map<Dimension, String> keys, long requests, Long sessions, Map<TokenClass, Long> tokens,
      BigDecimal costUsd, BigDecimal cacheSavingsUsd, Instant hour, Instant firstRequest, Instant lastRequest) {
    this(period, keys, requests, sessions, tokens, costUsd, cacheSavingsUsd, hour, firstRequest, lastRequest, BigDecimal.ZERO);
  }

  /** The share of the cost that is not provider-final, 0..1 (see {@link Accuracy#share}); null when the cost is 0. */
  public BigDecimal notFinalShare() {
    return Accuracy.share(notFinalCostUsd, costUsd);
  }

  /** A row of a day, week, month or total bucket without request instants, all provider-final. */
  public SpendRow(LocalDate period, Map<Dimension, String> keys, long requests, Long sessions, Map<TokenClass, Long> tokens,
      BigDecimal costUsd, BigDecimal cacheSavingsUsd) {
    this(period, keys, requests, sessions, tokens, costUsd, cacheSavingsUsd, null, null, null, BigDecimal.ZERO);
  }

  public long tokens(TokenClass t) {
    return tokens.getOrDefault(t, 0L);
  }
}
