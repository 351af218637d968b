package dev.tokenledger.api.http;

/** A refusal with its HTTP status and a message safe for the caller. */
final class ApiException extends RuntimeException {

  private final int status;

  ApiException(int status, String message) {
    super(message);
    this.status = status;
  }

  int status() {
    return status;
  }

  static ApiException notFound(String message) {
    return new ApiException(404, message);
  }

  static ApiException busy() {
    return new ApiException(503, "too many questions at once; retry in a moment");
  }
}
