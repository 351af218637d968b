package dev.tokenledger.settings;

import java.util.List;

/** An invalid configuration; {@link #errors()} lists every problem found, not only the first. */
public final class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;
  private final List<String> errors;

  public ConfigException(List<String> errors) {
    super("invalid configuration:\n  - " + String.join("\n  - ", errors));
    this.errors = List.copyOf(errors);
  }

  public List<String> errors() {
    return errors;
  }
}
