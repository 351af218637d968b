package dev.tokenledger.api.metrics;

import dev.tokenledger.api.http.RequestMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * Requests as a Micrometer timer {@code tokenledger_api_requests_seconds{method,route,status}}: the route is
 * the template ({@code /v1/sessions/{id}}), never the path, so the series stay few.
 */
public final class MicrometerRequestMetrics implements RequestMetrics {

  private final MeterRegistry registry;

  public MicrometerRequestMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void record(String method, String route, int status, long nanos) {
    Timer.builder("tokenledger_api_requests").description("answered API requests by route template and status")
        .tags("method", method, "route", route, "status", Integer.toString(status))
        .publishPercentiles(0.5, 0.99)
        .register(registry).record(nanos, TimeUnit.NANOSECONDS);
  }
}
