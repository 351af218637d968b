package dev.tokenledger.reconciliation;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** A provider whose own reports are reconciled with the ledger; {@link #id()} is the ledger's {@code provider}. */
public enum Provider {
  ANTHROPIC("anthropic", List.of(ReportKind.USAGE, ReportKind.COST, ReportKind.CLAUDE_CODE)),
  OPENAI("openai", List.of(ReportKind.USAGE, ReportKind.COST));

  private final String id;
  private final List<ReportKind> reports;

  Provider(String id, List<ReportKind> reports) {
    this.id = id;
    this.reports = reports;
  }

  public String id() {
    return id;
  }

  /** The reports this provider publishes that the importer reads. */
  public List<ReportKind> reports() {
    return reports;
  }

  public static Provider parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    for (Provider p : values()) {
      if (p.id.equals(t)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown provider '" + text + "' (known: "
        + Arrays.stream(values()).map(Provider::id).collect(Collectors.joining(", ")) + ")");
  }
}
