package dev.tokenledger.agent.cli;

/** Process exit codes of the agent's commands. */
public final class ExitCodes {

  public static final int OK = 0;
  /** A check failed or the command could not do its work. */
  public static final int FAILED = 1;
  /** Bad command line or configuration. */
  public static final int USAGE = 2;
  /** Backfill read everything but some events are still in the spool (Kafka or the registry unreachable). */
  public static final int PENDING = 3;
  /** Another agent process holds the state directory. */
  public static final int LOCKED = 4;
  /** A budget that applies to the user or project is exceeded ({@code agent budget}). */
  public static final int BUDGET_EXCEEDED = 5;

  private ExitCodes() {}
}
