package dev.tokenledger.processor.it;

import dev.tokenledger.schemas.Topics;
import dev.tokenledger.schemas.testing.StackEnv;
import java.io.IOException;
import java.nio.file.Path;

/**
 * One integration test's stream processor on the shared local stack: a unique topic prefix and
 * application id, the config file, and the OS process, which {@link #close} stops (use it from an
 * {@code @AfterEach}).
 */
final class StreamsRun implements AutoCloseable {

  final String prefix;
  final Topics topics;
  final String applicationId;
  private final Path dir;
  private Process app;

  StreamsRun(String name, Path dir) {
    this.prefix = StackEnv.unique(name) + ".";
    this.topics = Topics.withPrefix(prefix);
    this.applicationId = prefix + "app";
    this.dir = dir;
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
