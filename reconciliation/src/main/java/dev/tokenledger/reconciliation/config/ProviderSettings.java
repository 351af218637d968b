package dev.tokenledger.reconciliation.config;

import dev.tokenledger.reconciliation.LedgerScope;
import dev.tokenledger.reconciliation.ModelMap;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code [anthropic]} or {@code [openai]}: where the Admin API is, the admin key (from the environment or a
 * file; empty when none is set: then only {@code --files} imports work), which ledger events the reports
 * are compared with and how the provider's model ids map to the ledger's. {@link #toString()} never shows
 * the key.
 */
public record ProviderSettings(URI baseUrl, Optional<String> adminKey, Duration timeout, LedgerScope scope, ModelMap models) {

  public ProviderSettings {
    Objects.requireNonNull(baseUrl, "baseUrl");
    Objects.requireNonNull(adminKey, "adminKey");
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(models, "models");
  }

  @Override
  public String toString() {
    return baseUrl + " admin key " + (adminKey.isPresent() ? "********" : "(none)") + ", timeout " + timeout.toSeconds()
        + " s, ledger sources " + (scope.sources().isEmpty() ? "(all)" : scope.sources()) + ", excluded e-mails "
        + scope.excludedEmails().size() + ", subject sources " + scope.subjectSources() + ", model map " + models.entries();
  }
}
