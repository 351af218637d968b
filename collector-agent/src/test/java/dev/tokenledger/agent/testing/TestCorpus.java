package dev.tokenledger.agent.testing;

import dev.tokenledger.agent.event.EventIds;
import dev.tokenledger.events.SourceTool;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/** Writes {@link TestLogSource} files and knows the event ids they must produce. */
public final class TestCorpus {

  private final Path root;
  private final Set<String> expectedIds = new HashSet<>();
  private long lines;

  public TestCorpus(Path root) {
    this.root = root;
  }

  /**
   * Appends {@code count} requests {@code <prefix>-<i>} to {@code file}; every 10th request is written
   * twice (a streaming copy), which must still give one event.
   */
  public void append(String file, String prefix, int count) throws IOException {
    Path f = root.resolve(file);
    Files.createDirectories(f.getParent());
    Instant t0 = Instant.parse("2026-01-10T00:00:00Z");
    try (BufferedWriter w = Files.newBufferedWriter(f, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND)) {
      for (int i = 0; i < count; i++) {
        String id = prefix + "-" + i;
        String line = TestLogSource.line(id, i % 2 == 0 ? "claude-opus-4-6" : "claude-sonnet-4-5", t0.plusMillis(i),
            "session-" + prefix, 1000 + i, 100, "/nowhere/" + prefix);
        w.write(line);
        lines++;
        if (i % 10 == 0) {
          w.write(line);
          lines++;
        }
        expectedIds.add(EventIds.of(SourceTool.OTHER, id));
      }
    }
  }

  public Set<String> expectedIds() {
    return Set.copyOf(expectedIds);
  }

  public long lines() {
    return lines;
  }
}
