package dev.tokenledger.api.budget;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A budget as a caller gave it (HTTP body or command line), not yet checked. {@link #validate} reports
 * every problem at once, each naming the field the caller wrote ({@code id}, {@code scope},
 * {@code value}, {@code period}, {@code limit_usd}, {@code thresholds}, {@code time_zone},
 * {@code notify}).
 *
 * @param limitUsd the decimal text of the limit (a JSON number is given as its exact text)
 * @param thresholds null or empty for the default 50, 80, 100
 * @param timeZone null or blank for the organisation's zone
 * @param channels the channel names to notify ({@code notify}), null for none
 */
public record BudgetDraft(String id, String scope, String value, String period, String limitUsd, List<Integer> thresholds,
    String timeZone, boolean enabled, List<String> channels) {

  /** Warn thresholds when none are given. */
  public static final List<Integer> DEFAULT_THRESHOLDS = List.of(50, 80, 100);
  /** The largest limit the contract's {@code decimal(18, 9)} holds (just under 10^9). */
  public static final BigDecimal MAX_LIMIT = new BigDecimal("999999999.999999999");
  public static final int MAX_CHANNELS = 20;
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  /** The budget of {@code orgId}, or an {@link InvalidBudgetException} listing every problem. */
  public BudgetDefinition validate(String orgId, Instant now) {
    List<String> errors = new ArrayList<>();
    if (id == null || !NAME.matcher(id).matches()) {
      errors.add("id: 1 to 64 of A-Z a-z 0-9 . _ -, got '" + abbreviate(id) + "'");
    }
    BudgetScope s = null;
    try {
      s = BudgetScope.parse(scope);
    } catch (IllegalArgumentException e) {
      errors.add("scope: " + e.getMessage());
    }
    String v = value == null ? "" : value.trim();
    if (s == BudgetScope.ORG) {
      if (!v.isEmpty() && !v.equals(orgId)) {
        errors.add("value: an org budget's value is the organisation id '" + orgId + "' (or absent), got '" + abbreviate(v) + "'");
      }
      v = orgId;
    } else if (s != null && v.isEmpty()) {
      errors.add("value: required: the " + s.wireName().replace('_', ' ') + " the budget limits");
    } else if (v.length() > 256) {
      errors.add("value: at most 256 characters");
    }
    BudgetPeriod p = null;
    try {
      p = BudgetPeriod.parse(period);
    } catch (IllegalArgumentException e) {
      errors.add("period: " + e.getMessage());
    }
    BigDecimal limit = null;
    try {
      limit = limitUsd == null ? null : new BigDecimal(limitUsd.trim());
    } catch (NumberFormatException e) {
      // reported below
    }
    if (limit == null) {
      errors.add("limit_usd: required: a decimal amount such as \"500\" or \"0.25\", got '" + abbreviate(limitUsd) + "'");
    } else if (limit.signum() <= 0) {
      errors.add("limit_usd: must be more than 0, got " + limit.toPlainString());
    } else if (limit.stripTrailingZeros().scale() > 9) {
      errors.add("limit_usd: at most 9 decimal places, got " + limit.toPlainString());
    } else if (limit.compareTo(MAX_LIMIT) > 0) {
      errors.add("limit_usd: at most " + MAX_LIMIT.toPlainString() + ", got " + limit.toPlainString());
    }
    List<Integer> t = thresholds == null || thresholds.isEmpty() ? DEFAULT_THRESHOLDS : thresholds;
    if (t.stream().anyMatch(x -> x == null || x < 1 || x > 1000)) {
      errors.add("thresholds: percentages 1..1000, got " + t);
    } else if (new TreeSet<>(t).size() != t.size()) {
      errors.add("thresholds: each at most once, got " + t);
    }
    String zone = timeZone == null || timeZone.isBlank() ? null : timeZone.trim();
    if (zone != null) {
      try {
        ZoneId.of(zone);
        if (!ZoneId.getAvailableZoneIds().contains(zone) && !zone.equals("UTC")) {
          errors.add("time_zone: an IANA zone such as Europe/Berlin, got '" + abbreviate(zone) + "'");
        }
      } catch (DateTimeException e) {
        errors.add("time_zone: an IANA zone such as Europe/Berlin, got '" + abbreviate(zone) + "'");
      }
    }
    List<String> names = channels == null ? List.of() : channels;
    if (names.size() > MAX_CHANNELS) {
      errors.add("notify: at most " + MAX_CHANNELS + " channel names, got " + names.size());
    } else if (names.stream().anyMatch(c -> c == null || !NAME.matcher(c).matches())) {
      errors.add("notify: channel names of 1 to 64 of A-Z a-z 0-9 . _ -");
    }
    if (!errors.isEmpty()) {
      throw new InvalidBudgetException(errors);
    }
    return new BudgetDefinition(orgId, id, s, v, p, limit.setScale(9), List.copyOf(new TreeSet<>(t)), Optional.ofNullable(zone),
        enabled, names.stream().distinct().toList(), now);
  }

  private static String abbreviate(String s) {
    if (s == null) {
      return "";
    }
    return s.length() <= 64 ? s : s.substring(0, 61) + "...";
  }
}
