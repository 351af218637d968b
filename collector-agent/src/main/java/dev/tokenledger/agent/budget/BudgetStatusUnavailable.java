package dev.tokenledger.agent.budget;

/** The budget status could not be had; the message is short and safe for a status line. */
public final class BudgetStatusUnavailable extends RuntimeException {

  public BudgetStatusUnavailable(String message, Throwable cause) {
    super(message, cause);
  }
}
