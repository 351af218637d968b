package dev.tokenledger.agent.config;

import dev.tokenledger.settings.Durations;
import java.nio.file.Path;
import java.time.Duration;
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

  /** A positive duration ({@code 10s}, {@code 5m}, {@code 24h}, {@code 35d} or ISO-8601 {@code PT10S}). */
  Duration duration(String key) {
    String s = values.get(key);
    try {
      Duration d = Durations.parse(s);
      if (d.isNegative() || d.isZero()) {
        problems.add(key + " must be positive, was " + s);
      }
      return d;
    } catch (IllegalArgumentException e) {
      problems.add(key + " " + DURATION_EXPECTED + ", was '" + s + "'");
      return Duration.ofSeconds(1);
    }
  }

  /** The end of the message for a value that is not a duration. */
  static final String DURATION_EXPECTED = "must be a duration such as 10s, 5m, 24h, 35d or ISO-8601 PT10S";

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
