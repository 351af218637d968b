package dev.tokenledger.reconciliation;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One figure of a provider's report: its UTC day, the provider's model id ({@code ""} for costs that
 * belong to no model, such as web searches), the subject ({@code ""} when the report has none: a user's
 * e-mail address or an API key name in Claude Code Analytics), tokens and cost in USD (zero in a report
 * that has no cost, tokens zero in a cost report).
 */
public record ProviderRow(Provider provider, ReportKind report, LocalDate day, String model, String subject,
    TokenCounts tokens, BigDecimal costUsd) {

  public ProviderRow {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(day, "day");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(costUsd, "costUsd");
  }

  /** The key rows of one import are summed by. */
  public record Key(ReportKind report, LocalDate day, String model, String subject) {}

  public Key key() {
    return new Key(report, day, model, subject);
  }

  public ProviderRow plus(ProviderRow o) {
    if (!key().equals(o.key()) || provider != o.provider) {
      throw new IllegalArgumentException("cannot add rows of different keys: " + key() + " and " + o.key());
    }
    return new ProviderRow(provider, report, day, model, subject, tokens.plus(o.tokens), costUsd.add(o.costUsd));
  }
}
