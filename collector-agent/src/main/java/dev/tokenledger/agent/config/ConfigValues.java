package dev.tokenledger.agent.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The merged configuration values (defaults, file, environment) read as typed values. Every value
 * that cannot be used adds a problem naming its key to the shared list and yields a stand-in, so that
 * every problem of a configuration is reported at once.
 */
final class ConfigValues {

  private final Map<String, String> values;
  private final List<String> problems;

  ConfigValues(Map<String, String> values, List<String> problems) {
    this.values = values;
    this.problems = problems;
  }

  /** The raw text of a key (never null for a known key). */
  String text(String key) {
    return values.get(key);
  }

  /** The text of a key, empty when unset or blank. */
  Optional<String> optional(String key) {
    String s = values.get(key);
    return s == null || s.isBlank() ? Optional.empty() : Optional.of(s);
  }

  void problem(String problem) {
    problems.add(problem);
  }

  boolean hasProblems() {
    return !problems.isEmpty();
  }

  /** A positive ISO-8601 duration. */
  Duration duration(String key) {
    String s = values.get(key);
    try {
      Duration d = Duration.parse(s);
      if (d.isNegative() || d.isZero()) {
        problems.add(key + " must be positive, was " + s);
      }
      return d;
    } catch (DateTimeParseException e) {
      problems.add(key + " must be an ISO-8601 duration such as PT5S, was '" + s + "'");
      return Duration.ofSeconds(1);
    }
  }

  boolean bool(String key) {
    String s = values.get(key).toLowerCase(Locale.ROOT);
    if (!s.equals("true") && !s.equals("false")) {
      problems.add(key + " must be true or false, was '" + values.get(key) + "'");
    }
    return s.equals("true");
  }

  int intValue(String key, int min, int max) {
    return (int) longValue(key, min, max);
  }

  /** A whole number in [min, max] ({@code _} separators allowed). */
  long longValue(String key, long min, long max) {
    try {
      long n = Long.parseLong(values.get(key).replace("_", ""));
      if (n < min || n > max) {
        problems.add(key + " must be between " + min + " and " + max + ", was " + n);
      }
      return n;
    } catch (NumberFormatException e) {
      problems.add(key + " must be a whole number, was '" + values.get(key) + "'");
      return min;
    }
  }

  /** {@code ~} and {@code ~/…} resolved against the home directory; other paths unchanged. */
  static String expandHome(String path, Path home) {
    return path.equals("~") ? home.toString() : path.startsWith("~/") ? home.resolve(path.substring(2)).toString() : path;
  }
}
