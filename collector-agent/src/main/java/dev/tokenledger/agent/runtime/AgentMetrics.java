package dev.tokenledger.agent.runtime;

import dev.tokenledger.agent.source.ParseProblem;
import dev.tokenledger.events.SourceTool;
import dev.tokenledger.agent.spool.Spool;
import dev.tokenledger.operations.Readiness;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.Map;

/**
 * The agent's series for an operator's scrape (ADR 0700), read from what {@code status} reports: the
 * spool (depth, bytes, age of the oldest unpublished event), the publisher, the events found per source,
 * parse problems, intake events and published commits. Registered only when {@code run} serves
 * {@code --ops-port}, so an agent without it carries no registry.
 */
public final class AgentMetrics {

  private AgentMetrics() {}

  public static void bind(AgentRuntime runtime, MeterRegistry registry) {
    Spool spool = runtime.journal().spool();
    Gauge.builder("tokenledger_agent_spool_depth", spool, Spool::depth).description("events spooled and not yet published")
        .register(registry);
    Gauge.builder("tokenledger_agent_spool_bytes", spool, Spool::bytes).register(registry);
    Gauge.builder("tokenledger_agent_spool_max_bytes", spool, Spool::maxBytes).register(registry);
    Gauge.builder("tokenledger_agent_spool_oldest_pending_age_seconds", spool, s -> {
      try {
        long oldest = s.oldestPendingMillis();
        return oldest < 0 ? 0 : Math.max(0, (System.currentTimeMillis() - oldest) / 1000.0);
      } catch (IOException | InterruptedException e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        return Double.NaN;
      }
    }).description("age of the oldest event not yet published (0 when none)").register(registry);
    Gauge.builder("tokenledger_agent_publisher_connected", runtime,
        r -> r.publisher().map(p -> p.connected() && p.stoppedReason() == null ? 1.0 : 0.0).orElse(0.0)).register(registry);
    FunctionCounter.builder("tokenledger_agent_published", runtime, r -> r.publisher().map(p -> (double) p.published()).orElse(0.0))
        .description("events published to Kafka by this process").register(registry);
    for (SourceTool tool : SourceTool.values()) {
      FunctionCounter.builder("tokenledger_agent_events", runtime, r -> count(r.scanner().summary().sources(), tool, false))
          .tag("source", tool.name()).description("usage events found in the logs since start").register(registry);
      FunctionCounter.builder("tokenledger_agent_duplicates", runtime, r -> count(r.scanner().summary().sources(), tool, true))
          .tag("source", tool.name()).description("copies of events already spooled, skipped").register(registry);
    }
    for (ParseProblem.Kind kind : ParseProblem.Kind.values()) {
      FunctionCounter.builder("tokenledger_agent_parse_problems", runtime,
          r -> r.cumulativeProblems().getOrDefault(kind, 0L).doubleValue()).tag("kind", kind.name()).register(registry);
    }
    FunctionCounter.builder("tokenledger_agent_intake_events", runtime, AgentRuntime::intakeEvents)
        .description("events received over the local intake (HTTP and OTLP)").register(registry);
    FunctionCounter.builder("tokenledger_agent_commits_published", runtime, AgentRuntime::commitsPublished).register(registry);
  }

  /** Ready while the publisher runs (connected, not stopped by a refusal). */
  public static Readiness.Status readiness(AgentRuntime runtime) {
    return runtime.publisher().map(p -> p.stoppedReason() != null ? Readiness.Status.notReady("publishing stopped")
        : p.connected() ? Readiness.Status.ready("publishing") : Readiness.Status.notReady("Kafka not reachable"))
        .orElse(Readiness.Status.notReady("no publisher"));
  }

  private static double count(Map<SourceTool, ScanSummary.PerSource> sources, SourceTool tool, boolean duplicates) {
    ScanSummary.PerSource s = sources.get(tool);
    return s == null ? 0 : duplicates ? s.duplicates : s.events;
  }
}
