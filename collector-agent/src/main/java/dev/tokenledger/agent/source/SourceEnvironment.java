package dev.tokenledger.agent.source;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The process environment a source uses to find its logs, injectable for tests.
 *
 * @param variables environment variables (e.g. CLAUDE_CONFIG_DIR, CODEX_HOME, XDG_CONFIG_HOME)
 * @param home the user's home directory
 */
public record SourceEnvironment(Map<String, String> variables, Path home) {

  public SourceEnvironment {
    variables = Map.copyOf(Objects.requireNonNull(variables, "variables"));
    Objects.requireNonNull(home, "home");
  }

  /** This process's environment; {@code HOME} wins over the JVM's user.home. */
  public static SourceEnvironment current() {
    Map<String, String> env = System.getenv();
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    return new SourceEnvironment(env, Path.of(home));
  }

  /** A non-blank variable. */
  public Optional<String> variable(String name) {
    String value = variables.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }
}
