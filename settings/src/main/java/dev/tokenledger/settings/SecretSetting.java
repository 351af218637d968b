package dev.tokenledger.settings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A secret setting read from, in this order: the environment variable {@code NAME}, the file named by
 * {@code NAME_FILE}, the key {@code key} of the file, the file named by the key {@code key_file}. A file's
 * content is trimmed of its trailing line break (Kubernetes Secrets and Docker secrets mount files).
 * Errors never contain the secret itself.
 */
final class SecretSetting {

  private SecretSetting() {}

  /** The secret, or "" when none is set. */
  static String read(TomlSettings toml, String section, String key, Map<String, String> env, String envName) {
    String fromEnv = env.get(envName);
    if (fromEnv != null && !fromEnv.isEmpty()) {
      return fromEnv;
    }
    String fileFromEnv = env.get(envName + "_FILE");
    if (fileFromEnv != null && !fileFromEnv.isBlank()) {
      return readFile(toml, envName + "_FILE", Path.of(fileFromEnv.trim()));
    }
    String inline = toml.text(section, key, "");
    String file = toml.text(section, key + "_file", "");
    if (!inline.isEmpty() && !file.isEmpty()) {
      toml.error(section + "." + key + " and " + section + "." + key + "_file: set one of the two, not both");
      return inline;
    }
    if (!file.isEmpty()) {
      Path p = Path.of(file);
      return readFile(toml, section + "." + key + "_file", p.isAbsolute() ? p : toml.baseDir().resolve(p).normalize());
    }
    return inline;
  }

  private static String readFile(TomlSettings toml, String source, Path file) {
    try {
      String s = Files.readString(file);
      return s.endsWith("\r\n") ? s.substring(0, s.length() - 2) : s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    } catch (IOException e) {
      toml.error(source + ": cannot read the secret file " + file + " (" + e.getClass().getSimpleName() + ")");
      return "";
    }
  }

  static String mask(String secret) {
    return secret.isEmpty() ? "" : "********";
  }
}
