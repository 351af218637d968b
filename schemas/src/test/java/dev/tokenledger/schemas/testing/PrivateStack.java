package dev.tokenledger.schemas.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Real servers owned by one test, started with {@code infra/stack.sh} on free ports in a private
 * directory, so a test may stop and restart Kafka or ClickHouse without disturbing the shared
 * local stack. Downloads are shared with the main stack ({@code <repo>/.stack/dist}).
 */
public final class PrivateStack implements AutoCloseable {

  private final Path dir;
  private final Map<String, String> env = new HashMap<>();
  private final List<String> services;

  private PrivateStack(Path dir, List<String> services) throws IOException {
    this.dir = dir;
    this.services = services;
    Path root = StackEnv.repoRoot();
    env.put("TOKENLEDGER_STACK_DIR", dir.toAbsolutePath().toString());
    env.put("TOKENLEDGER_DIST_DIR",
        System.getenv().getOrDefault("TOKENLEDGER_DIST_DIR", root.resolve(".stack/dist").toString()));
    env.put("TOKENLEDGER_KAFKA_PORT", String.valueOf(freePort()));
    env.put("TOKENLEDGER_CONTROLLER_PORT", String.valueOf(freePort()));
    env.put("TOKENLEDGER_REGISTRY_PORT", String.valueOf(freePort()));
    env.put("TOKENLEDGER_CLICKHOUSE_PORT", String.valueOf(freePort()));
    env.put("TOKENLEDGER_CLICKHOUSE_TCP_PORT", String.valueOf(freePort()));
  }

  /** Starts the named services ({@code kafka}, {@code registry}, {@code clickhouse}) in {@code dir}. */
  public static PrivateStack start(Path dir, String... services) throws IOException {
    PrivateStack stack = new PrivateStack(dir, List.of(services));
    for (String s : services) {
      stack.start(s);
    }
    return stack;
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + env.get("TOKENLEDGER_KAFKA_PORT");
  }

  public String registryUrl() {
    return "http://127.0.0.1:" + env.get("TOKENLEDGER_REGISTRY_PORT") + "/apis/ccompat/v7";
  }

  public String clickhouseUrl() {
    return "http://127.0.0.1:" + env.get("TOKENLEDGER_CLICKHOUSE_PORT");
  }

  /** Starts (or restarts after {@link #stop}) one service and waits until it answers. */
  public void start(String service) {
    run("up", service);
  }

  /** Stops one service gracefully (SIGTERM, then SIGKILL after 30 s). */
  public void stop(String service) {
    run("down", service);
  }

  /** Kills one service with SIGKILL, as a crash would. */
  public void kill(String service) {
    try {
      String pid = Files.readString(dir.resolve("run/" + service + ".pid"), StandardCharsets.UTF_8).trim();
      ProcessHandle.of(Long.parseLong(pid)).ifPresent(p -> {
        p.destroyForcibly();
        p.onExit().join();
      });
    } catch (IOException e) {
      throw new IllegalStateException("no pid file for " + service + " in " + dir, e);
    }
  }

  /** The output of {@code infra/stack.sh status} for this stack. */
  public String status() {
    return run("status", "");
  }

  @Override
  public void close() {
    for (String s : services) {
      run("down", s);
    }
  }

  private String run(String command, String service) {
    ProcessBuilder pb = service.isEmpty()
        ? new ProcessBuilder("bash", StackEnv.repoRoot().resolve("infra/stack.sh").toString(), command)
        : new ProcessBuilder("bash", StackEnv.repoRoot().resolve("infra/stack.sh").toString(), command, service);
    pb.environment().putAll(env);
    pb.redirectErrorStream(true);
    try {
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(180, TimeUnit.SECONDS) || (p.exitValue() != 0 && !command.equals("status"))) {
        throw new IllegalStateException("infra/stack.sh " + command + " " + service + " failed:\n" + out);
      }
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("cannot run infra/stack.sh", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
