package dev.tokenledger.schemas.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** Where the shared local stack is, for integration tests (set by Failsafe from the parent POM). */
public final class StackEnv {

  private StackEnv() {}

  public static String bootstrapServers() {
    return env("TOKENLEDGER_BOOTSTRAP_SERVERS", "127.0.0.1:19092");
  }

  public static String registryUrl() {
    return env("TOKENLEDGER_REGISTRY_URL", "http://127.0.0.1:18081/apis/ccompat/v7");
  }

  public static String clickhouseUrl() {
    return env("TOKENLEDGER_CLICKHOUSE_URL", "http://127.0.0.1:18123");
  }

  /** A name no other test run uses, for topics, subjects, databases and groups. */
  public static String unique(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  /** The repository root (the directory holding infra/stack.sh), found from the working directory. */
  public static Path repoRoot() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null) {
      if (Files.isRegularFile(p.resolve("infra/stack.sh"))) {
        return p;
      }
      p = p.getParent();
    }
    throw new IllegalStateException("cannot find infra/stack.sh above " + Path.of("").toAbsolutePath());
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
