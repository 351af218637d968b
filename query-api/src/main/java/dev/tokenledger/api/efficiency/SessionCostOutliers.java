package dev.tokenledger.api.efficiency;

import dev.tokenledger.api.efficiency.EfficiencyReport.OutlierSession;
import dev.tokenledger.api.efficiency.EfficiencyReport.Severity;
import dev.tokenledger.api.efficiency.EfficiencyReport.Smell;
import java.math.BigDecimal;
import java.util.Optional;

/** Sessions far above their user's usual cost were found ({@code outlier_sessions} not empty). */
final class SessionCostOutliers implements SmellRule {

  @Override
  public String code() {
    return "session_cost_outliers";
  }

  @Override
  public Optional<Smell> check(EfficiencyFacts facts, EfficiencyReport report, EfficiencySettings settings) {
    if (report.outlierSessions().isEmpty()) {
      return Optional.empty();
    }
    OutlierSession top = report.outlierSessions().get(0);
    return Optional.of(new Smell(code(), Severity.INFO,
        report.outlierSessions().size() + " sessions cost more than " + settings.outlierFactor().toPlainString()
            + " times their user's median session; the highest, " + top.sessionId() + " of " + top.user() + ", cost $"
            + top.costUsd().toPlainString() + " (" + top.ratio().toPlainString() + " times the median $" + top.userMedianUsd().toPlainString() + ")",
        "Open these sessions (GET /v1/sessions/{id}) and look for loops, retries, runaway sub-agents or very long contexts;"
            + " a per-user daily budget with a warning threshold flags the next one while it runs.",
        BigDecimal.valueOf(report.outlierSessions().size()), settings.outlierFactor()));
  }
}
