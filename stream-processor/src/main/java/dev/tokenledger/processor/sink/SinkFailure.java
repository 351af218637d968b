package dev.tokenledger.processor.sink;

/** A failure outside ClickHouse that stops the sink (interrupted, the registry unreachable for too long). */
final class SinkFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  SinkFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
