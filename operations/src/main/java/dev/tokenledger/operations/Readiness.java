package dev.tokenledger.operations;

/** Whether a role can do its work now (its dependencies reachable, its state restored). */
@FunctionalInterface
public interface Readiness {

  /** The answer, with a detail safe to show to anyone who can reach the listener (no secrets). */
  record Status(boolean ready, String detail) {
    public static Status ready(String detail) {
      return new Status(true, detail);
    }

    public static Status notReady(String detail) {
      return new Status(false, detail);
    }
  }

  Status check();
}
