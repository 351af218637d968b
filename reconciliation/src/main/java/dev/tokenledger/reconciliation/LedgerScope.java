package dev.tokenledger.reconciliation;

import java.util.List;
import java.util.Objects;

/**
 * Which ledger events a provider's reports are compared with: always the provider's events
 * ({@code usage_events.provider}), and of those only the listed {@code sources} (every source when empty)
 * and none of the users in {@code excludedEmails} (e.g. people on a subscription plan, whose usage the
 * provider's API reports do not contain). For {@link GroupBy#SUBJECT}, {@code subjectSources} are the
 * sources the Claude Code Analytics report covers.
 */
public record LedgerScope(List<String> sources, List<String> excludedEmails, List<String> subjectSources) {

  public static final LedgerScope ALL = new LedgerScope(List.of(), List.of(), List.of("CLAUDE_CODE"));

  public LedgerScope {
    sources = List.copyOf(Objects.requireNonNull(sources, "sources"));
    excludedEmails = List.copyOf(Objects.requireNonNull(excludedEmails, "excludedEmails"));
    subjectSources = List.copyOf(Objects.requireNonNull(subjectSources, "subjectSources"));
  }
}
