package dev.tokenledger.system;

import dev.tokenledger.schemas.testing.StackEnv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One role started from its packaged jar ({@code <module>/target/<module>.jar}, as {@code ./tokenledger}
 * starts it) as an OS process, output to a log file, with no {@code TOKENLEDGER_*} variable inherited:
 * what it does comes from its arguments and config file only.
 */
final class RoleProcess implements AutoCloseable {

  private final Process process;
  private final Path log;

  private RoleProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static RoleProcess start(String module, Path log, String... args) throws IOException {
    return start(module, log, java.util.Map.of(), args);
  }

  /** As {@link #start(String, Path, String...)}, with {@code env} added to the role's environment (the agent's settings). */
  static RoleProcess start(String module, Path log, java.util.Map<String, String> env, String... args) throws IOException {
    Path jar = StackEnv.repoRoot().resolve(module).resolve("target").resolve(module + ".jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: run the tests with `./mvnw verify` (it packages every role first)");
    }
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.startsWith("TOKENLEDGER_"));
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    return new RoleProcess(pb.start(), log);
  }

  /** Runs a command of a role to its end; returns its standard output, or fails with its log. */
  static String run(String module, Path log, String... args) throws IOException, InterruptedException {
    Path out = Files.createTempFile(log.getParent(), "out", ".txt");
    Path jar = StackEnv.repoRoot().resolve(module).resolve("target").resolve(module + ".jar");
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().keySet().removeIf(k -> k.startsWith("TOKENLEDGER_"));
    pb.redirectError(log.toFile());
    pb.redirectOutput(out.toFile());
    Process p = pb.start();
    if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", args) + " failed: " + Files.readString(log));
    }
    return Files.readString(out).trim();
  }

  boolean alive() {
    return process.isAlive();
  }

  String log() throws IOException {
    return Files.readString(log);
  }

  /** SIGKILL (kill -9): no shutdown hook, no flush, no commit; waits until the process is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  /** SIGTERM, then SIGKILL after 30 s. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
