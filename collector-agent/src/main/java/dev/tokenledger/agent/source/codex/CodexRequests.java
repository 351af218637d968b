package dev.tokenledger.agent.source.codex;

import static dev.tokenledger.agent.source.codex.CodexJson.text;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenledger.agent.source.ParsedUsage;
import dev.tokenledger.events.Accuracy;
import dev.tokenledger.events.SourceTool;
import dev.tokenledger.events.TokenCounts;
import java.time.Instant;
import java.util.Locale;

/**
 * Turns one Codex request's counters into a {@link ParsedUsage}, with the thread's attribution and the
 * tool calls kept since the last request. Tokens: input = {@code input − cached}, cache read =
 * {@code cached} (capped at input), output = {@code output} (reasoning included, capped at output).
 * Model: the record's, else the latest {@code turn_context} model, else the session_meta model, else
 * {@code gpt-5} with ESTIMATED accuracy (as ccusage: early rollouts have no model).
 */
final class CodexRequests {

  private CodexRequests() {}

  /** The request; drains the tool calls kept in the state. */
  static ParsedUsage request(ObjectNode state, String key, long[] d, Accuracy accuracy, Instant time,
      String eventModel, String responseId) {
    long input = d[0];
    long cached = Math.min(d[1], input);
    String model = eventModel != null ? eventModel : text(state.path("m"));
    if (model == null) {
      model = text(state.path("sm"));
    }
    if (model == null) {
      model = "gpt-5"; // as ccusage: early rollouts have no turn_context model
      accuracy = Accuracy.ESTIMATED;
    }
    TokenCounts tokens = TokenCounts.newBuilder()
        .setInput(Math.max(input - cached, 0))
        .setCacheRead(cached)
        .setOutput(d[2])
        .setReasoning(Math.min(d[3], d[2]))
        .setCacheWrite5m(0)
        .setCacheWrite1h(0)
        .setTool(0)
        .build();
    var tools = CodexToolCalls.drain(state);
    boolean sub = state.path("sub").asBoolean(false);
    String provider = text(state.path("prov"));
    return new ParsedUsage(
        SourceTool.CODEX_CLI,
        text(state.path("v")),
        key,
        provider == null ? "openai" : provider.toLowerCase(Locale.ROOT),
        model,
        time,
        state.path("s").asText(),
        text(state.path("p")),
        text(state.path("an")),
        sub ? text(state.path("role")) : "main",
        null,
        sub,
        responseId,
        null,
        tokens,
        null,
        null,
        0,
        0,
        tools,
        accuracy,
        null,
        text(state.path("c")),
        text(state.path("b")),
        text(state.path("h")),
        null);
  }
}
