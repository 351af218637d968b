package dev.tokenledger.reconciliation.page;

import dev.tokenledger.reconciliation.ProviderRow;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One page of a provider's report: its rows and, when {@code has_more}, the {@code next_page} cursor. */
public record Page(List<ProviderRow> rows, Optional<String> nextPage) {

  public Page {
    rows = List.copyOf(Objects.requireNonNull(rows, "rows"));
    Objects.requireNonNull(nextPage, "nextPage");
  }
}
