package dev.tokenledger.agent.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws billing blocks as ccusage does: start (local), duration or status, models, input, output, total
 * tokens and cost; under the active block its burn rate and its projection to the block's end; a Total
 * row over every block shown.
 */
public final class BlockTables {

  private BlockTables() {}

  public static String render(List<BillingBlock> blocks, Instant now, ZoneId zone, boolean compact, int terminalWidth) {
    if (!compact) {
      TextTable full = table(blocks, now, zone, false);
      if (full.width() <= terminalWidth) {
        return full.render() + Formats.notFinalLine(total(blocks));
      }
    }
    return table(blocks, now, zone, true).render() + Formats.notFinalLine(total(blocks));
  }

  private static Usage total(List<BillingBlock> blocks) {
    return blocks.stream().map(BillingBlock::usage).reduce(Usage.ZERO, Usage::plus);
  }

  static TextTable table(List<BillingBlock> blocks, Instant now, ZoneId zone, boolean compact) {
    List<String> headers = new ArrayList<>(List.of("Block Start", "Duration/Status", "Models"));
    headers.addAll(compact ? List.of("Total Tokens", "Cost (USD)") : List.of("Input", "Output", "Total Tokens", "Cost (USD)"));
    boolean[] right = new boolean[headers.size()];
    for (int i = 3; i < right.length; i++) {
      right[i] = true;
    }
    TextTable t = new TextTable(headers, right);
    Usage total = Usage.ZERO;
    BillingBlock previous = null;
    for (BillingBlock b : blocks) {
      if (previous != null) {
        gap(t, previous, b, zone, compact);
      }
      previous = b;
      String status;
      if (b.active()) {
        long elapsed = Duration.between(b.start(), now).toMinutes();
        long left = Math.max(0, Duration.between(now, b.end()).toMinutes());
        status = "ACTIVE (" + Formats.hoursMinutes(elapsed) + " elapsed,\n" + Formats.hoursMinutes(left) + " left)";
      } else {
        status = Formats.hoursMinutes(Duration.between(b.firstRequest(), b.lastRequest()).toMinutes()) + " of requests";
      }
      t.row(cells(UsageReports.minute(b.start(), zone), status,
          String.join("\n", b.models().stream().map(m -> "- " + m.model()).toList()), b.usage().input(), b.usage().output(),
          b.usage().totalTokens(), Formats.usd(b.usage().cost()), compact));
      BillingBlock.BurnRate rate = b.burnRate();
      BillingBlock.Projection p = b.projection(now);
      if (b.active() && rate != null) {
        t.row(textCells("  burn rate",
            Formats.tokens(rate.tokensPerMinute().setScale(0, java.math.RoundingMode.HALF_UP).longValue()) + " tokens/min",
            Formats.usd(rate.costPerHour()) + "/h", compact));
      }
      if (p != null) {
        t.row(textCells("  projected at end", Formats.tokens(p.totalTokens()), Formats.usd(p.cost()), compact));
      }
      total = total.plus(b.usage());
    }
    t.ruledRow(cells("Total", "", "", total.input(), total.output(), total.totalTokens(), Formats.usd(total.cost()), compact));
    return t;
  }

  /**
   * A row for the idle time between two blocks (either order), as ccusage shows it: from 5 hours after
   * the earlier block's last request to the later block's start, when that is a positive span.
   */
  private static void gap(TextTable t, BillingBlock a, BillingBlock b, ZoneId zone, boolean compact) {
    BillingBlock earlier = a.start().isBefore(b.start()) ? a : b;
    BillingBlock later = earlier == a ? b : a;
    Instant from = earlier.lastRequest().plus(BillingBlock.LENGTH);
    if (later.start().isAfter(from)) {
      t.row(textCells(UsageReports.minute(from, zone), "", "", compact, "(inactive " + Formats.hoursMinutes(
          Duration.between(from, later.start()).toMinutes()) + ")"));
    }
  }

  private static List<String> textCells(String label, String tokens, String cost, boolean compact, String status) {
    List<String> c = textCells(label, tokens, cost, compact);
    c.set(1, status);
    return c;
  }

  private static List<String> cells(String start, String status, String models, long in, long out, long tokens, String cost,
      boolean compact) {
    List<String> c = new ArrayList<>(List.of(start, status, models));
    if (!compact) {
      c.add(Formats.tokens(in));
      c.add(Formats.tokens(out));
    }
    c.add(Formats.tokens(tokens));
    c.add(cost);
    return c;
  }

  private static List<String> textCells(String label, String tokens, String cost, boolean compact) {
    List<String> c = new ArrayList<>(List.of(label, "", ""));
    if (!compact) {
      c.add("");
      c.add("");
    }
    c.add(tokens);
    c.add(cost);
    return c;
  }
}
