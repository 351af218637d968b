package dev.tokenledger.processor.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The Streams role as a separate OS process (the production entry point), configured by a TOML file. */
final class StreamsProcess {

  private StreamsProcess() {}

  /** Writes {@code streams.toml} in {@code dir}: the given cluster, Berlin time, 200 ms rollup emission. */
  static Path writeConfig(Path dir, String bootstrap, String registryUrl, String applicationId, Path stateDir, String topicPrefix,
      int partitions) throws IOException {
    return writeConfig(dir, bootstrap, registryUrl, applicationId, stateDir, topicPrefix, partitions, "");
  }

  /** As above, with further TOML tables appended (e.g. {@code [events]} or {@code [pricing]} settings). */
  static Path writeConfig(Path dir, String bootstrap, String registryUrl, String applicationId, Path stateDir, String topicPrefix,
      int partitions, String moreToml) throws IOException {
    Path f = dir.resolve("streams-" + Math.abs((bootstrap + applicationId).hashCode()) + ".toml");
    Files.writeString(f, """
        [kafka]
        bootstrap_servers = "%s"
        registry_url = "%s"
        application_id = "%s"
        state_dir = "%s"
        topic_prefix = "%s"
        partitions = %d
        [org]
        time_zone = "Europe/Berlin"
        [rollups]
        emit_interval = "200ms"
        """.formatted(bootstrap, registryUrl, applicationId, stateDir, topicPrefix, partitions) + moreToml);
    return f;
  }

  /** Starts {@code streams --config <config>}, output to {@code log}; the stack addresses come from the file only. */
  static Process start(Path config, Path log) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-cp", System.getProperty("java.class.path"),
        "dev.tokenledger.processor.ProcessorMain", "streams", "--config", config.toString());
    pb.redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    pb.environment().remove("TOKENLEDGER_BOOTSTRAP_SERVERS");
    pb.environment().remove("TOKENLEDGER_REGISTRY_URL");
    return pb.start();
  }

  /** SIGTERM, then SIGKILL if it has not exited within 30 s; returns the exit code. */
  static int stop(Process app) throws InterruptedException {
    app.destroy();
    if (!app.waitFor(30, TimeUnit.SECONDS)) {
      app.destroyForcibly().waitFor();
    }
    return app.exitValue();
  }
}
