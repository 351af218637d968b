package dev.tokenledger.api.budget;

import java.util.List;

/** A budget that cannot be stored: every problem, each naming its field ({@code limit_usd: ...}). */
public final class InvalidBudgetException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;
  private final List<String> errors;

  public InvalidBudgetException(List<String> errors) {
    super(String.join("; ", errors));
    this.errors = List.copyOf(errors);
  }

  public List<String> errors() {
    return errors;
  }
}
