package dev.tokenledger.operations;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/**
 * One role's metrics registry (every meter tagged {@code role}), with the JVM's and the process's own
 * meters bound, and its listener once {@link #serve} is called. Closing stops the listener.
 */
public final class Operations implements AutoCloseable {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final String role;
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private Optional<OpsServer> server = Optional.empty();

  public Operations(String role) {
    this.role = role;
    registry.config().commonTags(List.of(Tag.of("role", role)));
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** The text {@code /metrics} serves (for tests and the CLI). */
  public String scrape() {
    return registry.scrape();
  }

  /** Starts the listener when {@code settings} enable it; returns its port (0 when off). */
  public int serve(OpsSettings settings, Readiness readiness) {
    if (!settings.enabled()) {
      return 0;
    }
    try {
      OpsServer s = OpsServer.start(settings, registry, readiness, role);
      server = Optional.of(s);
      return s.port();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve metrics on " + settings.host() + ":" + settings.port() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    server.ifPresent(OpsServer::close);
    gc.close();
    registry.close();
  }
}
