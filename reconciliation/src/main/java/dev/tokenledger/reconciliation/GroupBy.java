package dev.tokenledger.reconciliation;

import java.util.Locale;

/**
 * How figures are joined. {@link #MODEL}: per UTC day and model, the provider's usage report (tokens) and
 * cost report (cost) against every in-scope ledger event of the provider. {@link #SUBJECT}: per UTC day,
 * model and user, Anthropic's Claude Code Analytics report against the ledger's Claude Code events by
 * e-mail address (OpenAI's reports name no subject the ledger knows).
 */
public enum GroupBy {
  MODEL("model"),
  SUBJECT("subject");

  private final String id;

  GroupBy(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static GroupBy parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    for (GroupBy g : values()) {
      if (g.id.equals(t)) {
        return g;
      }
    }
    throw new IllegalArgumentException("unknown grouping '" + text + "' (known: model, subject)");
  }
}
