package dev.tokenledger.agent.budget;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The last budget status per project, kept in the agent's state directory for a short time, so a
 * status line redrawn on every prompt asks the API at most once per {@code maxAge}.
 */
public final class BudgetStatusCache {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final Duration maxAge;
  private final Clock clock;

  public BudgetStatusCache(Path stateDir, Duration maxAge, Clock clock) {
    this.file = stateDir.resolve("budget-status.json");
    this.maxAge = maxAge;
    this.clock = clock;
  }

  /** The remembered status for {@code key}, if younger than the maximum age. */
  public Optional<BudgetStatus> get(String key) {
    if (maxAge.isZero() || !Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      JsonNode n = JSON.readTree(file.toFile()).path(key);
      if (n.isMissingNode()) {
        return Optional.empty();
      }
      Instant at = Instant.parse(n.path("at").asText());
      Instant now = clock.instant();
      if (at.isAfter(now) || !now.isBefore(at.plus(maxAge))) {
        return Optional.empty();
      }
      return Optional.of(new BudgetStatus(n.path("line").asText(), n.path("exceeded").asBoolean(), n.path("json").asText()));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Remembers {@code status} for {@code key} (best effort: a state directory that cannot be written is no error). */
  public void put(String key, BudgetStatus status) {
    if (maxAge.isZero()) {
      return;
    }
    try {
      ObjectNode root = Files.isRegularFile(file) ? (ObjectNode) JSON.readTree(file.toFile()) : JSON.createObjectNode();
      root.putObject(key).put("at", clock.instant().toString()).put("line", status.line()).put("exceeded", status.exceeded())
          .put("json", status.json());
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      JSON.writeValue(tmp.toFile(), root);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      // a cache only
    }
  }
}
