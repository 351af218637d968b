package dev.tokenledger.schemas.testing;

import dev.tokenledger.events.Accuracy;
import dev.tokenledger.events.SourceTool;
import dev.tokenledger.events.TokenCounts;
import dev.tokenledger.events.ToolCall;
import dev.tokenledger.events.UsageEvent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random but valid usage events with every field exercised (nulls and values, unicode, extremes),
 * reproducible from a seed. For property tests and benchmarks.
 */
public final class RandomEvents {

  private final Random random;

  public RandomEvents(long seed) {
    this.random = new Random(seed);
  }

  public UsageEvent next() {
    Instant t = Instant.ofEpochMilli(1_600_000_000_000L + (long) (random.nextDouble() * 400_000_000_000L));
    return UsageEvent.newBuilder()
        .setEventId(hex(32))
        .setSource(pick(SourceTool.values()))
        .setSourceVersion(maybe(text(8)))
        .setProvider(pick(new String[] {"anthropic", "openai", "google", "alibaba"}))
        .setModel(text(24))
        .setEventTime(t)
        .setObservedTime(t.plusMillis(random.nextInt(10_000_000)))
        .setOrgId(text(6))
        .setUserId(text(16))
        .setUserEmail(maybe(text(10) + "@example.com"))
        .setHost(text(12))
        .setTeam(maybe(text(8)))
        .setCostCentre(maybe(text(6)))
        .setProjectId(text(30))
        .setGitRemote(maybe(text(30)))
        .setRepoRootHash(maybe(hex(16)))
        .setBranch(maybe(text(12)))
        .setCommit(maybe(hex(40)))
        .setWorktree(maybe(text(40)))
        .setSessionId(hex(36))
        .setParentSessionId(maybe(hex(36)))
        .setAgentName(maybe(text(10)))
        .setAgentRole(maybe(text(8)))
        .setWorkflowStep(maybe(text(8)))
        .setIsSidechain(random.nextBoolean())
        .setRequestId(maybe("req_" + hex(24)))
        .setMessageId(maybe("msg_" + hex(24)))
        .setTokens(TokenCounts.newBuilder()
            .setInput(count()).setOutput(count()).setCacheWrite5m(count()).setCacheWrite1h(count())
            .setCacheRead(count()).setReasoning(count()).setTool(count()).build())
        .setServiceTier(maybe(pick(new String[] {"standard", "priority", "batch"})))
        .setSpeed(maybe(pick(new String[] {"standard", "fast"})))
        .setWebSearchRequests(random.nextInt(5))
        .setWebFetchRequests(random.nextInt(5))
        .setToolCalls(toolCalls())
        .setAccuracy(pick(Accuracy.values()))
        .setReportedCostUsd(random.nextBoolean() ? null : money())
        .setAgentVersion(text(6))
        .setNotes(maybe(text(40)))
        .build();
  }

  private List<ToolCall> toolCalls() {
    int n = random.nextInt(4);
    List<ToolCall> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      boolean mcp = random.nextBoolean();
      String server = text(6);
      String tool = text(8);
      out.add(ToolCall.newBuilder()
          .setName(mcp ? "mcp__" + server + "__" + tool : tool)
          .setMcpServer(mcp ? server : null)
          .setMcpTool(mcp ? tool : null)
          .setCount(1 + random.nextInt(9))
          .build());
    }
    return out;
  }

  /** Up to 18 digits with scale 9 (the schema's decimal(18,9)), negative values included. */
  private BigDecimal money() {
    long unscaled = random.nextLong() % 999_999_999_999_999_999L;
    return new BigDecimal(BigInteger.valueOf(unscaled), 9);
  }

  private long count() {
    return switch (random.nextInt(4)) {
      case 0 -> 0;
      case 1 -> Long.MAX_VALUE - random.nextInt(10);
      default -> random.nextInt(2_000_000);
    };
  }

  private String maybe(String s) {
    return random.nextInt(3) == 0 ? null : s;
  }

  private <T> T pick(T[] values) {
    return values[random.nextInt(values.length)];
  }

  private String hex(int len) {
    StringBuilder b = new StringBuilder(len);
    for (int i = 0; i < len; i++) {
      b.append(Character.forDigit(random.nextInt(16), 16));
    }
    return b.toString();
  }

  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./@ éüß日本語🙂";

  private String text(int maxLen) {
    int len = 1 + random.nextInt(maxLen);
    StringBuilder b = new StringBuilder(len);
    for (int i = 0; i < len; i++) {
      b.appendCodePoint(ALPHABET.codePointAt(ALPHABET.offsetByCodePoints(0, random.nextInt(ALPHABET.codePointCount(0, ALPHABET.length())))));
    }
    return b.toString();
  }
}
