package dev.tokenledger.agent.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenledger.agent.checkpoint.AtomicFiles;
import dev.tokenledger.agent.source.ParseProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;

/**
 * {@code status.json}: a snapshot the running agent rewrites (atomically) after every commit, read
 * by {@code status}. Problem counts are cumulative over the life of the state directory.
 */
public final class StatusFile {

  private static final ObjectMapper JSON = new ObjectMapper();

  private StatusFile() {}

  public static Path path(Path stateDir) {
    return stateDir.resolve("status.json");
  }

  public static JsonNode read(Path stateDir) throws IOException {
    Path p = path(stateDir);
    return Files.isRegularFile(p) ? JSON.readTree(p.toFile()) : JSON.createObjectNode();
  }

  /** Cumulative problem counts saved by earlier runs. */
  public static Map<ParseProblem.Kind, Long> previousProblems(Path stateDir) {
    Map<ParseProblem.Kind, Long> counts = new EnumMap<>(ParseProblem.Kind.class);
    try {
      JsonNode problems = read(stateDir).path("problems");
      for (Iterator<Map.Entry<String, JsonNode>> it = problems.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        try {
          counts.put(ParseProblem.Kind.valueOf(e.getKey()), e.getValue().asLong());
        } catch (IllegalArgumentException unknown) {
          // a kind from a newer agent
        }
      }
    } catch (IOException e) {
      // a damaged status file is only a lost counter; it is rewritten at the next commit
    }
    return counts;
  }

  public static void write(Path stateDir, ObjectNode status) throws IOException {
    AtomicFiles.write(path(stateDir), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(status));
  }

  public static ObjectNode newNode() {
    return JSON.createObjectNode();
  }
}
