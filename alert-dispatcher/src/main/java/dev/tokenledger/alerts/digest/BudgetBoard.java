package dev.tokenledger.alerts.digest;

import dev.tokenledger.alerts.alert.Digest;
import java.util.List;

/** Where the digest reads the budgets' current state (the organisation API). */
public interface BudgetBoard {

  /** One budget's current period and the channels it names. */
  record Entry(Digest.Line line, List<String> channels) {}

  /** Every budget of the organisation, and the organisation. */
  record Board(String orgId, List<Entry> budgets) {}

  /** @throws BudgetBoardException the state cannot be read now (try again later) */
  Board read() throws BudgetBoardException;

  /** The board could not be read; the message is safe to log (no token, no URL path). */
  final class BudgetBoardException extends Exception {
    private static final long serialVersionUID = 1L;

    public BudgetBoardException(String safeMessage) {
      super(safeMessage, null, false, false);
    }
  }
}
