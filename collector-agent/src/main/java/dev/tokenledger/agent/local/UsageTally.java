package dev.tokenledger.agent.local;

import dev.tokenledger.agent.source.ParsedUsage;
import dev.tokenledger.events.TokenCounts;
import dev.tokenledger.pricing.UnpriceableUsageException;
import dev.tokenledger.pricing.UsagePricer;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Adds requests up per report row (a local day, a month or a session), model and {@link RateCard}, in
 * primitive counters, and prices each group once at the end: from its summed tokens when its rates are
 * additive — the same amount as pricing each request, to the last decimal — else request by request as
 * they arrive. Requests outside {@code since..until} (local days) are left out. Not thread-safe.
 */
public final class UsageTally implements Consumer<ParsedUsage> {

  private final LocalPeriod period;
  private final ZoneId zone;
  private final LocalDate since;
  private final LocalDate until;
  private final LocalPricing pricing;
  private final UsagePricer pricer = new UsagePricer();
  private final Map<GroupKey, Counters> groups = new HashMap<>();
  private final Map<String, SessionInfo> sessions = new HashMap<>();
  private long refused;

  /** A row, a model name as logged, and how it is priced. */
  private record GroupKey(Object row, String model, RateCard card) {}

  /** Summed tokens of one group, and the cost of its requests priced one by one (non-additive rates). */
  private static final class Counters {
    long requests;
    long input;
    long output;
    long cacheWrite5m;
    long cacheWrite1h;
    long cacheRead;
    BigDecimal perRequestCost = BigDecimal.ZERO;
  }

  /** A session's latest request and the working directory it ran in. */
  private static final class SessionInfo {
    Instant last;
    String project;
  }

  /**
   * One model's tokens and cost in one row. {@code cost} covers the priced requests only; {@code unpricedRequests}
   * had no price (their tokens are counted, their cost is not known, never taken as 0), with the reason.
   */
  public record ModelTotals(String model, long requests, long input, long output, long cacheCreate, long cacheRead,
      BigDecimal cost, long unpricedRequests, String unpricedReason) {
    public boolean priced() {
      return unpricedRequests == 0;
    }

    public long totalTokens() {
      return input + output + cacheCreate + cacheRead;
    }
  }

  /** One row: its label, its session's last activity and project (sessions only), its models (by name). */
  public record Row(String label, Instant lastActivity, String project, List<ModelTotals> models) {}

  UsageTally(LocalPeriod period, ZoneId zone, LocalDate since, LocalDate until, LocalPricing pricing) {
    this.period = period;
    this.zone = zone;
    this.since = since;
    this.until = until;
    this.pricing = pricing;
  }

  @Override
  public void accept(ParsedUsage u) {
    LocalDate day = since == null && until == null && period == LocalPeriod.SESSION ? null
        : LocalDate.ofInstant(u.eventTime(), zone);
    if (day != null && ((since != null && day.isBefore(since)) || (until != null && day.isAfter(until)))) {
      return;
    }
    RateCard card = pricing.card(u);
    Object row = switch (period) {
      case DAY -> day;
      case MONTH -> YearMonth.from(day);
      case SESSION -> u.sessionId();
    };
    TokenCounts t = u.tokens();
    if (card.isPriced() && !card.additive) {
      BigDecimal cost;
      try {
        cost = pricer.quote(card.price, t, u.serviceTier(), u.speed()).cost().getTotal();
      } catch (UnpriceableUsageException e) {
        refused++;   // the stream processor refuses it too (INVALID_EVENT): not counted
        return;
      }
      Counters c = groups.computeIfAbsent(new GroupKey(row, u.model(), card), k -> new Counters());
      c.perRequestCost = c.perRequestCost.add(cost);
      add(c, t);
    } else {
      add(groups.computeIfAbsent(new GroupKey(row, u.model(), card), k -> new Counters()), t);
    }
    if (period == LocalPeriod.SESSION) {
      SessionInfo s = sessions.computeIfAbsent(u.sessionId(), k -> new SessionInfo());
      if (s.last == null || u.eventTime().isAfter(s.last)) {
        s.last = u.eventTime();
        if (u.workingDirectory() != null && !u.workingDirectory().isBlank()) {
          s.project = u.workingDirectory();
        }
      } else if (s.project == null && u.workingDirectory() != null && !u.workingDirectory().isBlank()) {
        s.project = u.workingDirectory();
      }
    }
  }

  private static void add(Counters c, TokenCounts t) {
    c.requests++;
    c.input += t.getInput();
    c.output += t.getOutput();
    c.cacheWrite5m += t.getCacheWrite5m();
    c.cacheWrite1h += t.getCacheWrite1h();
    c.cacheRead += t.getCacheRead();
  }

  /** Requests the pricing refused (amounts past the contract's limits), left out like the stream processor leaves them out. */
  public long refused() {
    return refused;
  }

  /** The rows, oldest first (sessions by their last activity), each model's groups priced and added up. */
  public List<Row> rows() {
    Map<Object, Map<String, ModelTotals>> byRow = new HashMap<>();
    for (Map.Entry<GroupKey, Counters> e : groups.entrySet()) {
      GroupKey k = e.getKey();
      Counters c = e.getValue();
      BigDecimal cost = !k.card().isPriced() ? BigDecimal.ZERO
          : k.card().additive
              ? UsagePricer.costOfSums(k.card().rates, c.input, c.output, c.cacheWrite5m, c.cacheWrite1h, c.cacheRead)
              : c.perRequestCost;
      ModelTotals add = new ModelTotals(k.model(), c.requests, c.input, c.output, c.cacheWrite5m + c.cacheWrite1h,
          c.cacheRead, cost, k.card().isPriced() ? 0 : c.requests, k.card().unpriced);
      byRow.computeIfAbsent(k.row(), r -> new HashMap<>()).merge(k.model(), add, UsageTally::plus);
    }
    List<Row> rows = new ArrayList<>();
    byRow.forEach((row, models) -> {
      List<ModelTotals> sorted = new ArrayList<>(models.values());
      sorted.sort(java.util.Comparator.comparing(ModelTotals::model));
      SessionInfo s = period == LocalPeriod.SESSION ? sessions.get((String) row) : null;
      rows.add(new Row(row.toString(), s == null ? null : s.last, s == null ? null : s.project, sorted));
    });
    java.util.Comparator<Row> order = period == LocalPeriod.SESSION
        ? java.util.Comparator.comparing(Row::lastActivity).thenComparing(Row::label)
        : java.util.Comparator.comparing(Row::label);
    rows.sort(order);
    return rows;
  }

  /** The same model at several rate cards (tiers, speeds, providers): one line. */
  private static ModelTotals plus(ModelTotals a, ModelTotals b) {
    BigDecimal cost = a.cost().add(b.cost());
    String reason = a.unpricedReason() != null ? a.unpricedReason() : b.unpricedReason();
    return new ModelTotals(a.model(), a.requests() + b.requests(), a.input() + b.input(), a.output() + b.output(),
        a.cacheCreate() + b.cacheCreate(), a.cacheRead() + b.cacheRead(), cost,
        a.unpricedRequests() + b.unpricedRequests(), reason);
  }
}
