package dev.tokenledger.api.query;

import java.math.BigDecimal;
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
 */
public record SpendRow(
    LocalDate period,
    Map<Dimension, String> keys,
    long requests,
    Long sessions,
    Map<TokenClass, Long> tokens,
    BigDecimal costUsd,
    BigDecimal cacheSavingsUsd) {

  public SpendRow {
    keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
    tokens = Collections.unmodifiableMap(new TreeMap<>(tokens));
    Objects.requireNonNull(costUsd, "costUsd");
    Objects.requireNonNull(cacheSavingsUsd, "cacheSavingsUsd");
  }

  public long tokens(TokenClass t) {
    return tokens.getOrDefault(t, 0L);
  }
}
