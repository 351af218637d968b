package dev.tokenledger.api.report;

import dev.tokenledger.api.efficiency.EfficiencyReport;
import dev.tokenledger.api.efficiency.EfficiencyReport.ShareFigure;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * Renders an {@link EfficiencyReport} as the efficiency section of the terminal report: money to 2
 * decimals and shares as percentages for reading (the exact values are in {@code GET /v1/efficiency}).
 */
public final class EfficiencyText {

  private EfficiencyText() {}

  public static String render(EfficiencyReport r) {
    StringBuilder out = new StringBuilder();
    EfficiencyReport.Cache c = r.cache();
    line(out, "cache hit ratio", c.hitRatio() == null ? "- (no prompt tokens)"
        : percent(c.hitRatio()) + " (target " + percent(c.target()) + (c.meetsTarget() ? ", met" : ", below") + "), saved "
            + SpendTableText.money(c.savingsUsd()) + " USD");
    EfficiencyReport.Activity a = r.activity();
    line(out, "activity", String.format("%,d sessions, %,d calls, %,d active minutes, %s USD", a.sessions(), a.calls(), a.activeMinutes(),
        SpendTableText.money(a.costUsd())));
    line(out, "cost per", "session " + money(a.costPerSessionUsd()) + ", active minute " + money(a.costPerActiveMinuteUsd())
        + ", tokens per call " + (a.tokensPerCall() == null ? "-" : a.tokensPerCall().toPlainString()));
    EfficiencyReport.CommitFigures k = r.commits();
    line(out, "commits", !k.collected() ? "not collected yet"
        : String.format("%,d commits, +%,d -%,d lines in %,d sessions costing %s; per commit %s, per changed line %s", k.commits(),
            k.linesAdded(), k.linesRemoved(), k.sessions(), money(k.costUsd()), money(k.costPerCommitUsd()), money(k.costPerChangedLineUsd())));
    line(out, "share by agent", shares(r.shareByAgent()));
    line(out, "share by step", shares(r.shareByWorkflowStep()));
    if (r.outlierSessions().isEmpty()) {
      line(out, "outlier sessions", "none");
    } else {
      line(out, "outlier sessions", "");
      for (EfficiencyReport.OutlierSession s : r.outlierSessions()) {
        out.append("  ").append(s.sessionId()).append(" (").append(s.user()).append("): ").append(SpendTableText.money(s.costUsd()))
            .append(" USD, ").append(s.ratio().setScale(1, RoundingMode.HALF_UP).toPlainString()).append(" x the median ")
            .append(SpendTableText.money(s.userMedianUsd())).append(" USD\n");
      }
    }
    if (!r.zombieMcpServers().isEmpty()) {
      line(out, "zombie MCP servers", String.join(", ", r.zombieMcpServers().stream().map(EfficiencyReport.ZombieServer::server).toList()));
    }
    if (r.smells().isEmpty()) {
      line(out, "smells", "none");
    } else {
      line(out, "smells", "");
      for (EfficiencyReport.Smell s : r.smells()) {
        out.append("  [").append(s.severity().wireName()).append("] ").append(s.code()).append(": ").append(s.finding()).append('\n');
        out.append("    -> ").append(s.recommendation()).append('\n');
      }
    }
    return out.toString();
  }

  private static String shares(List<ShareFigure> rows) {
    if (rows.isEmpty()) {
      return "-";
    }
    StringBuilder s = new StringBuilder();
    for (ShareFigure f : rows.subList(0, Math.min(5, rows.size()))) {
      if (s.length() > 0) {
        s.append(", ");
      }
      s.append(f.key().isEmpty() ? "(none)" : f.key()).append(' ').append(f.share() == null ? "-" : percent(f.share()));
    }
    return rows.size() > 5 ? s + ", ..." : s.toString();
  }

  private static String percent(BigDecimal fraction) {
    return fraction.movePointRight(2).setScale(1, RoundingMode.HALF_UP).toPlainString() + " %";
  }

  private static String money(BigDecimal v) {
    return v == null ? "-" : SpendTableText.money(v) + " USD";
  }

  private static void line(StringBuilder out, String label, String value) {
    out.append(String.format("%-18s %s", label, value).stripTrailing()).append('\n');
  }
}
