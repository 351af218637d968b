package dev.tokenledger.api.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One session: who, where and what it cost in total, with a page of its requests.
 *
 * @param sessionId the session
 * @param orgId its organisation
 * @param userId its user
 * @param team the user's team ("" when not configured)
 * @param projectId the project
 * @param branch the git branch of its first request
 * @param source the assistant (CLAUDE_CODE, CODEX_CLI, ...)
 * @param parentSessionId the session that started this one as a sub-agent ("" for none)
 * @param firstRequest time of its first request
 * @param lastRequest time of its last request
 * @param requestCount billed requests
 * @param tokens tokens per class over the session
 * @param costUsd total cost
 * @param requests a page of its requests in time order
 */
public record SessionDetail(
    String sessionId,
    String orgId,
    String userId,
    String team,
    String projectId,
    String branch,
    String source,
    String parentSessionId,
    Instant firstRequest,
    Instant lastRequest,
    long requestCount,
    Map<TokenClass, Long> tokens,
    BigDecimal costUsd,
    Page<Request> requests) {

  public SessionDetail {
    tokens = Map.copyOf(tokens);
    Objects.requireNonNull(costUsd, "costUsd");
  }

  /**
   * One request of a session.
   *
   * @param eventId the event id
   * @param eventTime when the assistant made it
   * @param model normalised model name
   * @param agentName the agent or sub-agent name ("" for the main agent)
   * @param agentRole main | subagent | ...
   * @param sidechain whether a sub-agent made it
   * @param tools tool names used in the response
   * @param tokens tokens per class
   * @param costUsd cost
   * @param accuracy how exact the token counts are (exact, estimated, ...)
   */
  public record Request(
      String eventId,
      Instant eventTime,
      String model,
      String agentName,
      String agentRole,
      boolean sidechain,
      List<String> tools,
      Map<TokenClass, Long> tokens,
      BigDecimal costUsd,
      String accuracy) {

    public Request {
      tools = List.copyOf(tools);
      tokens = Map.copyOf(tokens);
    }
  }
}
