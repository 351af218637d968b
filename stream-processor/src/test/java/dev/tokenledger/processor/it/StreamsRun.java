package dev.tokenledger.processor.it;

import dev.tokenledger.schemas.Topics;
import dev.tokenledger.schemas.testing.StackEnv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One integration test's stream processor on the shared local stack, as a JUnit extension
 * ({@code @RegisterExtension final StreamsRun run = new StreamsRun("name");}): a unique topic prefix and
 * application id, a working directory for the config, state and logs, and the OS process, stopped after
 * each test.
 */
final class StreamsRun implements AutoCloseable, BeforeEachCallback, AfterEachCallback {

  final String prefix;
  final Topics topics;
  final String applicationId;
  private Path dir;
  private Process app;

  StreamsRun(String name) {
    this.prefix = StackEnv.unique(name) + ".";
    this.topics = Topics.withPrefix(prefix);
    this.applicationId = prefix + "app";
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    dir = Files.createTempDirectory("streams-it");
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    }
  }

  /** The test's working directory (config, state, logs). */
  Path dir() {
    return dir;
  }

  /** Writes the config ({@link StreamsProcess#writeConfig}) with {@code moreToml} appended. */
  Path writeConfig(int partitions, String moreToml) throws IOException {
    return StreamsProcess.writeConfig(dir, StackEnv.bootstrapServers(), StackEnv.registryUrl(), applicationId, dir.resolve("state"),
        prefix, partitions, moreToml);
  }

  /** Starts the app with {@code config}, its output in {@code log} (a file name in the test's directory). */
  void start(Path config, String log) throws IOException {
    app = StreamsProcess.start(config, dir.resolve(log));
  }

  boolean isAlive() {
    return app != null && app.isAlive();
  }

  /** kill -9, and waits for the process to end. */
  void kill() throws InterruptedException {
    app.destroyForcibly().waitFor();
  }

  /** SIGTERM (SIGKILL after 30 s); the exit code. */
  int stop() throws InterruptedException {
    return StreamsProcess.stop(app);
  }

  @Override
  public void close() throws InterruptedException {
    if (isAlive()) {
      stop();
    }
  }
}
