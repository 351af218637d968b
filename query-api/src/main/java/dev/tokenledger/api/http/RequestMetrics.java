package dev.tokenledger.api.http;

/** Where the server reports each answered request (for operators' metrics); the route is its template. */
@FunctionalInterface
public interface RequestMetrics {

  RequestMetrics NONE = (method, route, status, nanos) -> { };

  void record(String method, String route, int status, long nanos);
}
