package dev.tokenledger.reconciliation;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which of a provider's reports a figure comes from. {@link #USAGE}: token counts per day and model
 * (Anthropic {@code usage_report/messages}, OpenAI {@code usage/completions}); {@link #COST}: amounts per day
 * and model (Anthropic {@code cost_report}, OpenAI {@code costs}); {@link #CLAUDE_CODE}: tokens and estimated
 * cost per day, model and user or API key (Anthropic {@code usage_report/claude_code}).
 */
public enum ReportKind {
  USAGE("usage"),
  COST("cost"),
  CLAUDE_CODE("claude_code");

  private final String id;

  ReportKind(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static ReportKind parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    for (ReportKind k : values()) {
      if (k.id.equals(t)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown report '" + text + "' (known: "
        + Arrays.stream(values()).map(ReportKind::id).collect(Collectors.joining(", ")) + ")");
  }
}
