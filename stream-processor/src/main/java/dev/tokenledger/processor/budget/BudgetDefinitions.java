package dev.tokenledger.processor.budget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.tokenledger.events.Budget;
import dev.tokenledger.events.Period;
import dev.tokenledger.events.Scope;
import dev.tokenledger.pricing.Money;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Builds validated {@link Budget}s from command-line values or a TOML file of {@code [[budget]]}
 * tables. Every problem is reported at once.
 *
 * <pre>
 * [[budget]]
 * id = "platform-monthly"
 * org = "acme"                 # default "default"
 * scope = "team"               # org, team, project, user, cost_centre
 * value = "platform"           # the team / project / user / cost centre; the org id for org
 * period = "month"             # day, week, month
 * limit_usd = 500
 * thresholds = [50, 80, 100]   # default
 * notify = ["slack-platform"]
 * enabled = true
 * </pre>
 */
public final class BudgetDefinitions {

  /** Scopes a budget may have. */
  public static final Set<Scope> SCOPES = EnumSet.of(Scope.ORG, Scope.TEAM, Scope.PROJECT, Scope.USER, Scope.COST_CENTRE);
  /** Periods a budget may have. */
  public static final Set<Period> PERIODS = EnumSet.of(Period.DAY, Period.WEEK, Period.MONTH);
  /** Default warn thresholds. */
  public static final List<Integer> DEFAULT_THRESHOLDS = List.of(50, 80, 100);

  /** The largest limit the contract's decimal(18, 9) holds. */
  static final BigDecimal MAX_LIMIT = new BigDecimal("999999999.999999999");

  private static final Set<String> KEYS = Set.of("id", "org", "scope", "value", "period", "limit_usd", "thresholds",
      "notify", "enabled", "time_zone");

  /** Invalid budget definitions; {@link #errors()} lists every problem. */
  public static final class InvalidBudgets extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final List<String> errors;

    public InvalidBudgets(List<String> errors) {
      super("invalid budgets:\n  - " + String.join("\n  - ", errors));
      this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
      return errors;
    }
  }

  /** The values of one budget as given by a user. */
  public record Definition(String id, String org, String scope, String value, String period, String limitUsd,
      List<Integer> thresholds, List<String> channels, boolean enabled, String timeZone) {}

  private BudgetDefinitions() {}

  public static Budget build(Definition d, Instant now) {
    List<String> errors = new ArrayList<>();
    Budget b = build(d, now, "budget", errors);
    if (!errors.isEmpty()) {
      throw new InvalidBudgets(errors);
    }
    return b;
  }

  public static List<Budget> parse(Reader toml, Instant now) throws IOException {
    JsonNode root;
    try {
      root = new TomlMapper().readTree(toml);
    } catch (IOException e) {
      throw new InvalidBudgets(List.of("not valid TOML: " + e.getMessage()));
    }
    List<String> errors = new ArrayList<>();
    List<Budget> out = new ArrayList<>();
    JsonNode list = root == null ? null : root.get("budget");
    if (list == null || !list.isArray() || list.isEmpty()) {
      throw new InvalidBudgets(List.of("no [[budget]] tables"));
    }
    int i = 0;
    for (JsonNode n : list) {
      String where = "budget[" + i++ + "]";
      n.fieldNames().forEachRemaining(k -> {
        if (!KEYS.contains(k)) {
          errors.add(where + ": unknown key '" + k + "' (known: " + new TreeSet<>(KEYS) + ")");
        }
      });
      List<Integer> thresholds = null;
      if (n.has("thresholds")) {
        thresholds = new ArrayList<>();
        for (JsonNode t : n.get("thresholds")) {
          if (!t.isIntegralNumber()) {
            errors.add(where + ".thresholds: expected integers, got " + t);
          } else {
            thresholds.add(t.asInt());
          }
        }
      }
      List<String> notify = new ArrayList<>();
      n.path("notify").forEach(x -> notify.add(x.asText()));
      Definition d = new Definition(text(n, "id"), n.has("org") ? text(n, "org") : "default", text(n, "scope"),
          text(n, "value"), text(n, "period"), n.has("limit_usd") ? n.get("limit_usd").asText() : null, thresholds, notify,
          !n.has("enabled") || n.get("enabled").asBoolean(), text(n, "time_zone"));
      Budget b = build(d, now, where, errors);
      if (b != null) {
        out.add(b);
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidBudgets(errors);
    }
    return out;
  }

  private static Budget build(Definition d, Instant now, String where, List<String> errors) {
    int before = errors.size();
    if (blank(d.id())) {
      errors.add(where + ": id is required");
    } else if (d.id().indexOf('|') >= 0) {
      errors.add(where + ": id '" + d.id() + "' must not contain '|'");
    }
    Scope scope = parseEnum(Scope.class, d.scope(), SCOPES, where + ".scope", errors);
    Period period = parseEnum(Period.class, d.period(), PERIODS, where + ".period", errors);
    String org = blank(d.org()) ? "default" : d.org();
    if (org.indexOf('|') >= 0) {
      errors.add(where + ": org '" + org + "' must not contain '|'");
    }
    String value = d.value();
    if (scope == Scope.ORG && blank(value)) {
      value = org;
    }
    if (blank(value)) {
      errors.add(where + ": value (the team, project, user or cost centre) is required");
    }
    BigDecimal limit = null;
    try {
      limit = d.limitUsd() == null ? null : new BigDecimal(d.limitUsd());
    } catch (NumberFormatException e) {
      // reported below
    }
    if (limit == null || limit.signum() <= 0) {
      errors.add(where + ": limit_usd must be a positive amount, got " + d.limitUsd());
    } else if (limit.stripTrailingZeros().scale() > 9 || limit.compareTo(MAX_LIMIT) > 0) {
      errors.add(where + ": limit_usd must have at most 9 decimal places and be at most " + MAX_LIMIT.toPlainString()
          + " (decimal(18, 9)), got " + d.limitUsd());
      limit = null;
    }
    List<Integer> thresholds = d.thresholds() == null || d.thresholds().isEmpty() ? DEFAULT_THRESHOLDS : d.thresholds();
    if (thresholds.stream().anyMatch(t -> t <= 0 || t > 1000)) {
      errors.add(where + ": thresholds must be percentages in 1..1000, got " + thresholds);
    }
    if (!blank(d.timeZone())) {
      try {
        ZoneId.of(d.timeZone());
      } catch (DateTimeException e) {
        errors.add(where + ": time_zone '" + d.timeZone() + "' is not an IANA zone");
      }
    }
    if (errors.size() > before) {
      return null;
    }
    return Budget.newBuilder()
        .setBudgetId(d.id())
        .setOrgId(org)
        .setScope(scope)
        .setScopeValue(value)
        .setPeriod(period)
        .setLimitUsd(Money.usd(limit))
        .setThresholdsPercent(new ArrayList<>(new TreeSet<>(thresholds)))
        .setTimeZone(blank(d.timeZone()) ? null : d.timeZone())
        .setEnabled(d.enabled())
        .setNotify(new ArrayList<>(d.channels() == null ? List.of() : d.channels()))
        .setUpdatedTime(now)
        .build();
  }

  private static <E extends Enum<E>> E parseEnum(Class<E> type, String s, Set<E> allowed, String where, List<String> errors) {
    try {
      E e = Enum.valueOf(type, s == null ? "" : s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
      if (allowed.contains(e)) {
        return e;
      }
    } catch (IllegalArgumentException ignored) {
      // reported below
    }
    errors.add(where + ": expected one of " + allowed.toString().toLowerCase(Locale.ROOT) + ", got '" + s + "'");
    return null;
  }

  private static String text(JsonNode n, String key) {
    return n.has(key) ? n.get(key).asText() : null;
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
