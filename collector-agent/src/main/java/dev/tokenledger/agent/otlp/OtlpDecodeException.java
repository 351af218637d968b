package dev.tokenledger.agent.otlp;

/** A body that is not an OTLP logs export request (answered 400 Bad Request; nothing is stored). */
public final class OtlpDecodeException extends Exception {
  public OtlpDecodeException(String message) {
    super(message);
  }
}
