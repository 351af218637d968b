package dev.tokenledger.agent.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenledger.agent.source.FileCursor;
import dev.tokenledger.agent.source.LogFileParser;
import dev.tokenledger.agent.source.ParseProblem;
import dev.tokenledger.agent.source.ParseSink;
import dev.tokenledger.agent.source.ParsedUsage;
import dev.tokenledger.agent.source.SourceEnvironment;
import dev.tokenledger.agent.source.UsageSource;
import dev.tokenledger.events.Accuracy;
import dev.tokenledger.events.SourceTool;
import dev.tokenledger.events.TokenCounts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * A tiny source for the agent's own tests (independent of the real parsers): files {@code *.tl.jsonl}
 * under {@code $TL_TEST_LOGS} (else {@code $HOME/.tltest}), one request per line:
 * {@code {"id":"r1","model":"m","ts":"2026-01-01T00:00:00Z","session":"s","in":10,"out":5,"cwd":"/x"}}.
 * The dedup key is {@code id}; only complete lines are consumed; the identity is the first line's hash.
 */
public final class TestLogSource implements UsageSource, LogFileParser {

  public static final String ROOT_VARIABLE = "TL_TEST_LOGS";
  /**
   * The environment variable and value that admit the tests' historic dates (early 2026, and the shared
   * fixtures from 2025) under the event-age limit, whenever the tests run.
   */
  public static final String AGE_VARIABLE = "TOKENLEDGER_AGENT_LIMITS_MAX_EVENT_AGE";
  public static final String AGE_FOR_HISTORIC_DATES = "P36500D";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public SourceTool tool() {
    return SourceTool.OTHER;
  }

  public static Path root(SourceEnvironment env) {
    return env.variable(ROOT_VARIABLE).map(Path::of).orElse(env.home().resolve(".tltest"));
  }

  @Override
  public List<Path> discover(SourceEnvironment environment) throws IOException {
    Path root = root(environment);
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".tl.jsonl")).sorted().toList();
    }
  }

  @Override
  public LogFileParser parserFor(Path file) {
    return this;
  }

  /** One line of the test format. */
  public static String line(String id, String model, Instant ts, String session, long in, long out, String cwd) {
    return JSON.createObjectNode().put("id", id).put("model", model).put("ts", ts.toString()).put("session", session)
        .put("in", in).put("out", out).put("cwd", cwd).toString() + "\n";
  }

  @Override
  public FileCursor read(Path file, FileCursor from, ParseSink sink) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      byte[] all;
      try (InputStream in = Channels.newInputStream(ch.position(0))) {
        all = in.readAllBytes();
      }
      int firstNl = indexOf(all, 0);
      String identity = firstNl < 0 ? "" : Integer.toHexString(new String(all, 0, firstNl, StandardCharsets.UTF_8).hashCode());
      long start = from.offset();
      if (start > size || (!from.identity().isEmpty() && !from.identity().equals(identity))) {
        start = 0; // truncated or replaced
      }
      int pos = (int) start;
      while (pos < all.length) {
        int nl = indexOf(all, pos);
        if (nl < 0) {
          break; // partial last line: not consumed
        }
        String text = new String(all, pos, nl - pos, StandardCharsets.UTF_8);
        try {
          JsonNode n = JSON.readTree(text);
          if (n == null || !n.hasNonNull("id") || !n.hasNonNull("model")) {
            sink.problem(new ParseProblem(file, pos, ParseProblem.Kind.MISSING_FIELD, "id and model are required", ""));
          } else {
            sink.usage(new ParsedUsage(SourceTool.OTHER, "test-1", n.get("id").asText(), "anthropic",
                n.get("model").asText(), Instant.parse(n.path("ts").asText("2026-01-01T00:00:00Z")),
                n.path("session").asText("s"), null, null, null, null, false, n.get("id").asText(), null,
                TokenCounts.newBuilder().setInput(n.path("in").asLong()).setOutput(n.path("out").asLong()).build(),
                null, null, 0, 0, List.of(), Accuracy.EXACT, null, n.path("cwd").asText(null), null, null, null));
          }
        } catch (IOException e) {
          sink.problem(new ParseProblem(file, pos, ParseProblem.Kind.MALFORMED_RECORD, "not JSON",
              text.substring(0, Math.min(20, text.length()))));
        }
        pos = nl + 1;
      }
      return new FileCursor(pos, identity, "");
    }
  }

  private static int indexOf(byte[] a, int from) {
    for (int i = from; i < a.length; i++) {
      if (a[i] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
