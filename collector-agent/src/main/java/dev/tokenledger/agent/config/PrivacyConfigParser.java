package dev.tokenledger.agent.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code privacy.*} section: whether paths are hashed, and the organisation's secret salt, given
 * inline ({@code privacy.hash-salt}) or read from a file ({@code privacy.hash-salt-file}), never both.
 */
final class PrivacyConfigParser {

  /** Shortest secret salt accepted: a salt is only worth having if it cannot be guessed. */
  static final int MIN_SALT_LENGTH = 16;

  private PrivacyConfigParser() {}

  static AgentConfig.Privacy parse(ConfigValues v, Path home) {
    boolean hash = v.bool("privacy.hash-paths");
    String salt = v.text("privacy.hash-salt");
    String file = v.text("privacy.hash-salt-file");
    if (!salt.isBlank() && !file.isBlank()) {
      v.problem("privacy.hash-salt and privacy.hash-salt-file are both set; set one");
      return new AgentConfig.Privacy(hash, Optional.empty(), "org id");
    }
    String source = "privacy.hash-salt";
    if (!file.isBlank()) {
      Path p = Path.of(ConfigValues.expandHome(file, home));
      source = p.toString();
      try {
        salt = Files.readString(p, StandardCharsets.UTF_8).trim();
      } catch (IOException | RuntimeException e) {
        v.problem("privacy.hash-salt-file " + p + " cannot be read: " + e.getMessage());
        return new AgentConfig.Privacy(hash, Optional.empty(), "org id");
      }
      if (salt.isEmpty()) {
        v.problem("privacy.hash-salt-file " + p + " is empty");
      }
    }
    if (salt.isBlank()) {
      return new AgentConfig.Privacy(hash, Optional.empty(), "org id");
    }
    if (salt.length() < MIN_SALT_LENGTH) {
      v.problem(source + ": the hash salt must be at least " + MIN_SALT_LENGTH + " characters (it was "
          + salt.length() + "); use a random value such as the output of `openssl rand -hex 32`");
    }
    return new AgentConfig.Privacy(hash, Optional.of(salt), source);
  }
}
