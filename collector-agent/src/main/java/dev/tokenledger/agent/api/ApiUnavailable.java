package dev.tokenledger.agent.api;

/**
 * The organisation's API could not answer a question: unreachable, the token refused, or an error
 * answer. The message is short and safe to print (never the token); {@link #status()} is the HTTP
 * status, or 0 when no answer came.
 */
public final class ApiUnavailable extends RuntimeException {

  private final int status;

  public ApiUnavailable(String message, int status, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
