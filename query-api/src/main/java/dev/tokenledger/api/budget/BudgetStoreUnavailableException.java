package dev.tokenledger.api.budget;

/** The budget store cannot answer or write now (Kafka or the schema registry unreachable, still catching up). */
public final class BudgetStoreUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public BudgetStoreUnavailableException(String message) {
    super(message);
  }

  public BudgetStoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
