package dev.tokenledger.agent.config;

import java.util.List;

/** The configuration is invalid; {@link #problems()} lists every problem found, not just the first. */
public final class ConfigException extends RuntimeException {

  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super("invalid agent configuration:\n  - " + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
