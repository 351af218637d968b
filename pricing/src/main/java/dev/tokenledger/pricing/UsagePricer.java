package dev.tokenledger.pricing;

import dev.tokenledger.events.CostBreakdown;
import dev.tokenledger.events.ModelPrice;
import dev.tokenledger.events.TokenCounts;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Objects;

/**
 * Prices one request with one {@link ModelPrice} version (FORMATS.md §1.5, §2.4, §3.3).
 *
 * <ul>
 *   <li>Token classes are disjoint ({@code input} is the uncached input); reasoning is inside output.
 *   <li>Long-context tier: when the request's whole prompt ({@code input + cacheWrite5m + cacheWrite1h
 *       + cacheRead}) exceeds {@code tierThresholdTokens}, every class of the request is billed at its
 *       above-tier rate (a class without an above-tier rate keeps its base rate). This is how Anthropic
 *       and Google bill long-context requests: the tier is a property of the request, not of each term.
 *   <li>Missing rates: 5-minute cache write = 1.25 × input, 1-hour cache write = 2 × input, cache read
 *       = 0.1 × input (input = the rate that applies, i.e. the above-tier input in the long tier).
 *       In the long tier the 1-hour write is 2 × the above-tier input (the contract has no separate
 *       field; this equals LiteLLM's {@code cache_creation_input_token_cost_above_1hr_above_200k_tokens}).
 *   <li>Multiplier: {@code speed = fast} uses {@code fastMultiplier}, else {@code priorityMultiplier}
 *       when the request ran at {@code serviceTier = priority} (or fast without a fast multiplier);
 *       otherwise 1. Multipliers are not stacked.
 *   <li>Each class cost is rounded once, at the end, to 9 decimals (HALF_EVEN); the total is the sum of
 *       the rounded classes, so the breakdown always adds up.
 *   <li>Arithmetic is exact (BigDecimal, {@link Math#addExact}). A request whose prompt size overflows
 *       {@code long}, or any of whose amounts (class costs, total, cache savings) does not fit the
 *       contract's {@code decimal(18, 9)} (|amount| &lt; 10^9 USD), is refused with an
 *       {@link UnpriceableUsageException} rather than priced into a record that cannot be serialised.
 * </ul>
 */
public final class UsagePricer {

  private static final BigDecimal CACHE_WRITE_5M_DEFAULT = new BigDecimal("1.25");
  private static final BigDecimal CACHE_WRITE_1H_DEFAULT = new BigDecimal("2");
  private static final BigDecimal CACHE_READ_DEFAULT = new BigDecimal("0.1");
  /** Precision of the USD amounts of the contract ({@code CostBreakdown}, {@code cacheSavings}). */
  public static final int USD_PRECISION = 18;
  private static final BigInteger USD_UNSCALED_LIMIT = BigInteger.TEN.pow(USD_PRECISION);

  /**
   * Computes the cost of {@code tokens} at {@code price}.
   *
   * @throws UnpriceableUsageException when a count is negative, the prompt size overflows or an amount
   *     does not fit {@code decimal(18, 9)}
   */
  public CostQuote quote(ModelPrice price, TokenCounts tokens, String serviceTier, String speed) {
    Objects.requireNonNull(price, "price");
    Objects.requireNonNull(tokens, "tokens");
    AppliedRates r = rates(price, longContextTier(price, promptTokens(tokens)), serviceTier, speed);
    BigDecimal input = r.input();
    BigDecimal output = r.output();
    BigDecimal write5m = r.cacheWrite5m();
    BigDecimal write1h = r.cacheWrite1h();
    BigDecimal read = r.cacheRead();
    BigDecimal m = r.multiplier();
    boolean tier = r.longContextTier();

    BigDecimal cIn = Money.usd(cost(tokens.getInput(), input, m));
    BigDecimal cOut = Money.usd(cost(tokens.getOutput(), output, m));
    BigDecimal c5m = Money.usd(cost(tokens.getCacheWrite5m(), write5m, m));
    BigDecimal c1h = Money.usd(cost(tokens.getCacheWrite1h(), write1h, m));
    BigDecimal cRead = Money.usd(cost(tokens.getCacheRead(), read, m));
    BigDecimal total = cIn.add(cOut).add(c5m).add(c1h).add(cRead);
    BigDecimal savings = Money.usd(cost(tokens.getCacheRead(), input.subtract(read), m));
    requireFits("input cost", cIn, tokens.getInput(), input, m);
    requireFits("output cost", cOut, tokens.getOutput(), output, m);
    requireFits("5-minute cache-write cost", c5m, tokens.getCacheWrite5m(), write5m, m);
    requireFits("1-hour cache-write cost", c1h, tokens.getCacheWrite1h(), write1h, m);
    requireFits("cache-read cost", cRead, tokens.getCacheRead(), read, m);
    requireFits("total cost", total, "");
    requireFits("cache savings", savings, tokens.getCacheRead(), input.subtract(read), m);
    CostBreakdown breakdown = CostBreakdown.newBuilder()
        .setInput(cIn).setOutput(cOut).setCacheWrite5m(c5m).setCacheWrite1h(c1h).setCacheRead(cRead)
        .setTotal(total)
        .build();
    return new CostQuote(breakdown, savings, tier, Money.ratio(m));
  }

  /** Whether a request whose whole prompt is {@code promptTokens} is billed at the above-tier rates. */
  public static boolean longContextTier(ModelPrice price, long promptTokens) {
    Long threshold = price.getTierThresholdTokens();
    return threshold != null && promptTokens > threshold;
  }

  /**
   * The rates a request is billed at: the above-tier rate of each class when {@code longContextTier}
   * (a class without one keeps its base rate), the default cache factors where a rate is missing, and
   * the multiplier of its speed / service tier. {@link #quote} prices with exactly these.
   */
  public static AppliedRates rates(ModelPrice price, boolean longContextTier, String serviceTier, String speed) {
    Objects.requireNonNull(price, "price");
    boolean tier = longContextTier;
    BigDecimal input = pick(tier, price.getInputAboveTierPerToken(), price.getInputPerToken());
    BigDecimal output = pick(tier, price.getOutputAboveTierPerToken(), price.getOutputPerToken());
    BigDecimal write5m = tier && price.getCacheWriteAboveTierPerToken() != null
        ? price.getCacheWriteAboveTierPerToken()
        : orDefault(price.getCacheWrite5mPerToken(), input, CACHE_WRITE_5M_DEFAULT);
    BigDecimal write1h = tier && price.getInputAboveTierPerToken() != null
        ? input.multiply(CACHE_WRITE_1H_DEFAULT)
        : orDefault(price.getCacheWrite1hPerToken(), input, CACHE_WRITE_1H_DEFAULT);
    BigDecimal read = tier && price.getCacheReadAboveTierPerToken() != null
        ? price.getCacheReadAboveTierPerToken()
        : orDefault(price.getCacheReadPerToken(), input, CACHE_READ_DEFAULT);
    return new AppliedRates(input, output, write5m, write1h, read, multiplier(price, serviceTier, speed), tier);
  }

  /**
   * The cost (USD, scale 9) of many requests billed at the same {@code rates}, from their summed tokens:
   * each class rounded once, as {@link #quote} rounds one request. Equal to the sum of the requests'
   * {@code quote} totals because the rates are {@link AppliedRates#additive additive}; refused otherwise.
   * No {@code decimal(18, 9)} limit applies: a sum over many requests is not a contract amount.
   */
  public static BigDecimal costOfSums(AppliedRates rates, long input, long output, long cacheWrite5m, long cacheWrite1h,
      long cacheRead) {
    if (!rates.additive()) {
      throw new IllegalArgumentException("rates " + rates + " have more than " + Money.USD_SCALE
          + " decimals per token: price each request with quote()");
    }
    BigDecimal m = rates.multiplier();
    return Money.usd(cost(input, rates.input(), m)).add(Money.usd(cost(output, rates.output(), m)))
        .add(Money.usd(cost(cacheWrite5m, rates.cacheWrite5m(), m)))
        .add(Money.usd(cost(cacheWrite1h, rates.cacheWrite1h(), m)))
        .add(Money.usd(cost(cacheRead, rates.cacheRead(), m)));
  }

  /** The multiplier that applies to a request (1 when none). */
  static BigDecimal multiplier(ModelPrice price, String serviceTier, String speed) {
    boolean fast = "fast".equals(lower(speed));
    boolean priority = "priority".equals(lower(serviceTier));
    if (fast && price.getFastMultiplier() != null) {
      return price.getFastMultiplier();
    }
    if ((priority || fast) && price.getPriorityMultiplier() != null) {
      return price.getPriorityMultiplier();
    }
    return BigDecimal.ONE;
  }

  /** The whole prompt: input + cache writes + cache reads, exactly (no silent overflow). */
  static long promptTokens(TokenCounts t) {
    try {
      return Math.addExact(Math.addExact(t.getInput(), t.getCacheWrite5m()), Math.addExact(t.getCacheWrite1h(), t.getCacheRead()));
    } catch (ArithmeticException e) {
      throw new UnpriceableUsageException("prompt size (input " + t.getInput() + " + cacheWrite5m " + t.getCacheWrite5m()
          + " + cacheWrite1h " + t.getCacheWrite1h() + " + cacheRead " + t.getCacheRead() + ") overflows a 64-bit count");
    }
  }

  /** True when a scale-9 amount fits the contract's {@code decimal(18, 9)}. */
  public static boolean fitsUsd(BigDecimal amount) {
    return amount.setScale(Money.USD_SCALE, RoundingMode.HALF_EVEN).unscaledValue().abs().compareTo(USD_UNSCALED_LIMIT) < 0;
  }

  private static void requireFits(String what, BigDecimal amount, long tokens, BigDecimal rate, BigDecimal multiplier) {
    if (!fitsUsd(amount)) {
      requireFits(what, amount, " (" + tokens + " tokens × " + rate.stripTrailingZeros().toPlainString()
          + " USD/token × multiplier " + multiplier.stripTrailingZeros().toPlainString() + ")");
    }
  }

  private static void requireFits(String what, BigDecimal amount, String detail) {
    if (fitsUsd(amount)) {
      return;
    }
    throw new UnpriceableUsageException(what + " " + amount.toPlainString() + " USD" + detail
        + " does not fit decimal(" + USD_PRECISION + "," + Money.USD_SCALE + ") (at most 999999999.999999999 USD per request)");
  }

  private static BigDecimal cost(long tokens, BigDecimal rate, BigDecimal multiplier) {
    if (tokens < 0) {
      throw new UnpriceableUsageException("negative token count " + tokens);
    }
    return BigDecimal.valueOf(tokens).multiply(rate).multiply(multiplier);
  }

  private static BigDecimal pick(boolean tier, BigDecimal above, BigDecimal base) {
    return tier && above != null ? above : base;
  }

  /** The explicit rate, else {@code factor} × the applicable input rate. */
  private static BigDecimal orDefault(BigDecimal explicit, BigDecimal input, BigDecimal factor) {
    return explicit != null ? explicit : input.multiply(factor);
  }

  private static String lower(String s) {
    return s == null ? null : s.trim().toLowerCase(Locale.ROOT);
  }
}
