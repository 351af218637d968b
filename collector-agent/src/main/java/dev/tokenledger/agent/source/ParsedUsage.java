package dev.tokenledger.agent.source;

import dev.tokenledger.events.Accuracy;
import dev.tokenledger.events.SourceTool;
import dev.tokenledger.events.TokenCounts;
import dev.tokenledger.events.ToolCall;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One billed model request as read from a log, before machine attribution (user, host, team,
 * project from git) is added by the agent. Carries no prompt, response or file content.
 *
 * @param source the assistant
 * @param sourceVersion the assistant's version, if the log says
 * @param dedupKey a key that is identical for every copy of the same billed request, across re-reads,
 *     copies, forks and files (e.g. Claude's message.id + requestId); the event id is derived from it
 * @param provider the model provider as written or inferred (e.g. anthropic, openai, google)
 * @param model the model name as written in the log (normalisation happens at pricing)
 * @param eventTime when the request happened (millisecond precision)
 * @param sessionId the session the request belongs to
 * @param parentSessionId the parent session for sub-agents, else null
 * @param agentName sub-agent name / id, else null
 * @param agentRole agent type or role (e.g. general-purpose, compaction), else null
 * @param workflowStep a workflow step if the log carries one, else null
 * @param sidechain whether this was a sub-agent / side-chain request
 * @param requestId the provider request id, if any
 * @param messageId the provider message / response id, if any
 * @param tokens token counts by billing class
 * @param serviceTier service tier, if any (standard, priority, batch, flex)
 * @param speed speed mode, if any (standard, fast)
 * @param webSearchRequests server-side web searches billed with the request
 * @param webFetchRequests server-side web fetches billed with the request
 * @param toolCalls tool calls requested by the model (names only)
 * @param accuracy whether counts are the provider's own or derived
 * @param reportedCostUsd the cost the log itself reported, if any
 * @param workingDirectory the session's working directory, if the log says (for git attribution)
 * @param gitBranch the branch the log recorded, if any
 * @param gitCommit the commit the log recorded, if any
 * @param notes free-form note (intake only), else null
 */
public record ParsedUsage(
    SourceTool source,
    String sourceVersion,
    String dedupKey,
    String provider,
    String model,
    Instant eventTime,
    String sessionId,
    String parentSessionId,
    String agentName,
    String agentRole,
    String workflowStep,
    boolean sidechain,
    String requestId,
    String messageId,
    TokenCounts tokens,
    String serviceTier,
    String speed,
    int webSearchRequests,
    int webFetchRequests,
    List<ToolCall> toolCalls,
    Accuracy accuracy,
    BigDecimal reportedCostUsd,
    String workingDirectory,
    String gitBranch,
    String gitCommit,
    String notes) {

  public ParsedUsage {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(dedupKey, "dedupKey");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(eventTime, "eventTime");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(accuracy, "accuracy");
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
  }
}
