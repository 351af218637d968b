package dev.tokenledger.api.efficiency;

import dev.tokenledger.api.efficiency.EfficiencyFacts.SessionCost;
import dev.tokenledger.api.efficiency.EfficiencyReport.OutlierSession;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sessions that cost far more than their user's usual session: a session started within the question's
 * range is an outlier when its cost is more than {@code outlier_factor} times the median cost of its
 * user's sessions started in the baseline (from {@code outlier_baseline_days} before {@code from} up to
 * {@code to}, the session itself included), for users with at least {@code outlier_min_sessions} such
 * sessions and a median above zero. The median of an even count is the mean of the two middle costs;
 * it is rounded to 9 decimals before it is compared or divided. Highest ratio first, then cost, then
 * session id; at most {@code outlier_limit}.
 */
final class OutlierFinder {

  private OutlierFinder() {}

  static List<OutlierSession> find(List<SessionCost> sessions, Instant rangeStart, EfficiencySettings settings) {
    Map<String, List<SessionCost>> byUser = new TreeMap<>();
    for (SessionCost s : sessions) {
      byUser.computeIfAbsent(s.user(), u -> new ArrayList<>()).add(s);
    }
    List<OutlierSession> out = new ArrayList<>();
    byUser.forEach((user, list) -> {
      if (list.size() < settings.outlierMinSessions()) {
        return;
      }
      BigDecimal median = median(list.stream().map(SessionCost::costUsd).toList());
      if (median.signum() <= 0) {
        return;
      }
      BigDecimal limit = median.multiply(settings.outlierFactor());
      for (SessionCost s : list) {
        if (!s.firstRequest().isBefore(rangeStart) && s.costUsd().compareTo(limit) > 0) {
          out.add(new OutlierSession(s.sessionId(), user, s.costUsd(), median, Figures.ratio(s.costUsd(), median), list.size()));
        }
      }
    });
    out.sort(Comparator.comparing(OutlierSession::ratio).reversed()
        .thenComparing(Comparator.comparing(OutlierSession::costUsd).reversed())
        .thenComparing(OutlierSession::sessionId)
        .thenComparing(OutlierSession::user));
    return out.size() > settings.outlierLimit() ? List.copyOf(out.subList(0, settings.outlierLimit())) : out;
  }

  /** The median, rounded to the money scale. */
  static BigDecimal median(List<BigDecimal> values) {
    List<BigDecimal> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    BigDecimal m = n % 2 == 1 ? sorted.get(n / 2) : sorted.get(n / 2 - 1).add(sorted.get(n / 2)).divide(BigDecimal.valueOf(2));
    return m.setScale(Figures.MONEY_SCALE, Figures.ROUNDING);
  }
}
