package dev.tokenledger.agent.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenledger.agent.source.ParseProblem;
import dev.tokenledger.events.SourceTool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;

/**
 * Records every input the agent could not use ({@code quarantine/problems.jsonl}: time, source,
 * file, offset, kind, reason and the parser's structural excerpt, never prompt or response text) and
 * counts them by kind. Writing never throws into the scan: a full disk is logged and counted.
 */
public final class Quarantine {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final Clock clock;
  private final Map<ParseProblem.Kind, Long> counts = new EnumMap<>(ParseProblem.Kind.class);
  private long writeFailures;

  public Quarantine(Path stateDir, Clock clock) {
    this.file = stateDir == null ? null : stateDir.resolve("quarantine").resolve("problems.jsonl");
    this.clock = clock;
  }

  /** A quarantine that only counts (dry runs). */
  public static Quarantine countingOnly(Clock clock) {
    return new Quarantine(null, clock);
  }

  public synchronized void record(SourceTool source, ParseProblem p) {
    counts.merge(p.kind(), 1L, Long::sum);
    if (file == null) {
      return;
    }
    ObjectNode n = JSON.createObjectNode();
    n.put("time", clock.instant().toString());
    n.put("source", source == null ? null : source.name());
    n.put("file", p.file().toString());
    n.put("offset", p.offset());
    n.put("kind", p.kind().name());
    n.put("reason", p.reason());
    n.put("excerpt", p.excerpt());
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, (JSON.writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8),
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException | UncheckedIOException e) {
      writeFailures++;
    }
  }

  public synchronized Map<ParseProblem.Kind, Long> counts() {
    return new EnumMap<>(counts);
  }

  public synchronized long total() {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  public synchronized long writeFailures() {
    return writeFailures;
  }
}
