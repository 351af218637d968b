package dev.tokenledger.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenledger.agent.config.AgentConfig;
import dev.tokenledger.agent.intake.IntakeServer;
import dev.tokenledger.agent.intake.IntakeToken;
import dev.tokenledger.agent.intake.UsageReport;
import dev.tokenledger.agent.runtime.AgentRuntime;
import dev.tokenledger.agent.validation.UsageValidator;
import dev.tokenledger.events.UsageEvent;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * Records usage reported by hand or by a script: {@code log AGENT MODEL INPUT OUTPUT [NOTES...]}. Goes
 * through the running agent's intake when there is one, else straight into the spool (and tries to
 * publish it right away).
 */
@Command(name = "log", mixinStandardHelpOptions = true,
    description = "Record usage of an API-based agent or script: log AGENT MODEL INPUT_TOKENS OUTPUT_TOKENS [NOTES...]")
public final class LogCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @ParentCommand
  AgentContext main;

  @Parameters(index = "0", paramLabel = "AGENT", description = "Agent name (e.g. ATLAS).")
  String agent;

  @Parameters(index = "1", paramLabel = "MODEL", description = "Model as the provider names it (e.g. claude-sonnet-4-5).")
  String model;

  @Parameters(index = "2", paramLabel = "INPUT_TOKENS", description = "Uncached input tokens.")
  long input;

  @Parameters(index = "3", paramLabel = "OUTPUT_TOKENS", description = "Output tokens (including reasoning).")
  long output;

  @Parameters(index = "4..*", paramLabel = "NOTES", description = "Free-text note (never prompt content).")
  List<String> notes;

  @Option(names = "--session", description = "Session id (default: manual).")
  String session;

  @Option(names = "--request-id", description = "Provider request id; makes repeating this command harmless.")
  String requestId;

  @Option(names = "--provider", description = "Provider (default: inferred from the model).")
  String provider;

  @Option(names = "--cache-read", defaultValue = "0", description = "Cache-read tokens.")
  long cacheRead;

  @Option(names = "--cache-write", defaultValue = "0", description = "Cache-write tokens (5-minute).")
  long cacheWrite;

  @Option(names = "--cache-write-1h", defaultValue = "0", description = "Cache-write tokens (1-hour).")
  long cacheWrite1h;

  @Option(names = "--reasoning", defaultValue = "0", description = "Reasoning tokens (part of output).")
  long reasoning;

  @Option(names = "--time", description = "When the request happened (ISO-8601 UTC; default now).")
  String time;

  @Option(names = "--role", description = "Agent role.")
  String role;

  @Option(names = "--step", description = "Workflow step.")
  String step;

  @Option(names = "--cwd", description = "Working directory for project attribution (default: the current directory).")
  Path cwd;

  @Option(names = "--wait", defaultValue = "PT10S", description = "How long to try publishing when no agent is running (default ${DEFAULT-VALUE}).")
  Duration wait;

  @Override
  public Integer call() throws Exception {
    AgentConfig config = main.config();
    PrintStream out = main.out();
    PrintStream err = main.err();
    ObjectNode body = JSON.createObjectNode();
    body.put("agent", agent).put("model", model).put("inputTokens", input).put("outputTokens", output);
    if (cacheRead > 0) {
      body.put("cacheReadTokens", cacheRead);
    }
    if (cacheWrite > 0) {
      body.put("cacheWriteTokens", cacheWrite);
    }
    if (cacheWrite1h > 0) {
      body.put("cacheWrite1hTokens", cacheWrite1h);
    }
    if (reasoning > 0) {
      body.put("reasoningTokens", reasoning);
    }
    putIf(body, "sessionId", session);
    putIf(body, "requestId", requestId);
    putIf(body, "provider", provider);
    putIf(body, "timestamp", time);
    putIf(body, "agentRole", role);
    putIf(body, "workflowStep", step);
    putIf(body, "notes", notes == null || notes.isEmpty() ? null : String.join(" ", notes));
    body.put("workingDirectory", (cwd != null ? cwd : Path.of("")).toAbsolutePath().normalize().toString());
    UsageReport.Result report = UsageReport.parse(body, new UsageValidator(config.limits(), main.clock()));
    if (!report.ok()) {
      report.problems().forEach(p -> err.println("log: " + p));
      return ExitCodes.USAGE;
    }
    if (config.intake().enabled() && config.intake().port() > 0) {
      Optional<JsonNode> viaAgent = postToAgent(config.intake().port(), IntakeToken.read(config.stateDir()), body);
      if (viaAgent.isPresent()) {
        JsonNode r = viaAgent.get();
        if (r.has("eventId")) {
          out.println("logged " + r.path("eventId").asText() + (r.path("duplicate").asBoolean() ? " (already known)" : "")
              + " via the running agent");
          return ExitCodes.OK;
        }
        err.println("log: the running agent refused the report: " + r.path("error").asText(r.toString()));
        if (r.path("problems").isArray() && !r.path("problems").isEmpty()) {
          r.path("problems").forEach(p -> err.println("log: " + p.asText()));
          return ExitCodes.USAGE;
        }
        return ExitCodes.FAILED;
      }
    }
    Optional<AgentRuntime> opened = AgentRuntime.open(config, List.of(), main.environment(), main.clock(), "log");
    if (opened.isEmpty()) {
      err.println("log: an agent is running on " + config.stateDir() + " but its intake is not reachable"
          + " (intake.enabled / intake.port); nothing was recorded");
      return ExitCodes.LOCKED;
    }
    try (AgentRuntime runtime = opened.get()) {
      UsageEvent event = runtime.newAttributor().attribute(report.usage(), dev.tokenledger.events.CountsOrigin.INTAKE);
      boolean added = runtime.journal().offer(event);
      runtime.journal().commit();
      runtime.startPublisher();
      boolean published = runtime.awaitDrained(wait, () -> { });
      runtime.writeStatus();
      out.println("logged " + event.getEventId() + (added ? "" : " (already known)")
          + (published ? " and published" : "; not published yet ("
              + runtime.publisher().map(p -> p.lastError()).filter(e -> e != null).orElse("Kafka did not answer in time")
              + "), kept in the spool for the next `run` or `backfill`"));
      return ExitCodes.OK;
    }
  }

  private static void putIf(ObjectNode n, String field, String value) {
    if (value != null) {
      n.put(field, value);
    }
  }

  /** The agent's answer, or empty when no agent listens on the port. */
  private static Optional<JsonNode> postToAgent(int port, Optional<String> token, ObjectNode body) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + IntakeServer.USAGE_PATH))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
    try {
      HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      try {
        return Optional.of(JSON.readTree(response.body()));
      } catch (IOException e) {
        return Optional.of(JSON.createObjectNode().put("error", "HTTP " + response.statusCode() + ": " + response.body()));
      }
    } catch (ConnectException e) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
