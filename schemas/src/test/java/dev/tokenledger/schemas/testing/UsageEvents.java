package dev.tokenledger.schemas.testing;

import dev.tokenledger.events.Accuracy;
import dev.tokenledger.events.SourceTool;
import dev.tokenledger.events.TokenCounts;
import dev.tokenledger.events.UsageEvent;
import java.time.Instant;
import java.util.List;

/** Builders of valid usage events for tests: override only what a test is about. */
public final class UsageEvents {

  private UsageEvents() {}

  /** A complete, valid Claude Code event; every required field set. */
  public static UsageEvent.Builder claude(String eventId, Instant eventTime) {
    return UsageEvent.newBuilder()
        .setEventId(eventId)
        .setSource(SourceTool.CLAUDE_CODE)
        .setSourceVersion("2.1.39")
        .setProvider("anthropic")
        .setModel("claude-sonnet-4-5-20250929")
        .setEventTime(eventTime)
        .setObservedTime(eventTime.plusSeconds(1))
        .setOrgId("acme")
        .setUserId("alice@laptop")
        .setUserEmail(null)
        .setHost("laptop")
        .setTeam("platform")
        .setCostCentre("cc-100")
        .setProjectId("github.com/acme/widgets")
        .setGitRemote("github.com/acme/widgets")
        .setRepoRootHash(null)
        .setBranch("main")
        .setCommit(null)
        .setWorktree(null)
        .setSessionId("session-1")
        .setParentSessionId(null)
        .setAgentName(null)
        .setAgentRole("main")
        .setWorkflowStep(null)
        .setIsSidechain(false)
        .setRequestId("req_" + eventId)
        .setMessageId("msg_" + eventId)
        .setTokens(tokens(100, 200, 0, 0, 0))
        .setServiceTier("standard")
        .setSpeed(null)
        .setWebSearchRequests(0)
        .setWebFetchRequests(0)
        .setToolCalls(List.of())
        .setAccuracy(Accuracy.EXACT)
        .setReportedCostUsd(null)
        .setAgentVersion("0.1.0-test")
        .setNotes(null);
  }

  public static TokenCounts tokens(long input, long output, long cacheWrite5m, long cacheWrite1h, long cacheRead) {
    return TokenCounts.newBuilder()
        .setInput(input)
        .setOutput(output)
        .setCacheWrite5m(cacheWrite5m)
        .setCacheWrite1h(cacheWrite1h)
        .setCacheRead(cacheRead)
        .setReasoning(0)
        .setTool(0)
        .build();
  }
}
