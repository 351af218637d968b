package dev.tokenledger.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A role's TOML file read once, with typed accessors that fall back to a default and collect every
 * error instead of stopping at the first. Unknown sections and keys are errors. The role's parser adds
 * its own validation errors with {@link #error} and finally calls {@link #throwIfErrors()}.
 *
 * <p>A section may also be an array of tables ({@code [[channel]]}): {@link #tables} counts them, and the
 * accessors read the i-th one as section {@code "channel[i]"} (errors name it so, too).
 */
public final class TomlSettings {

  private final List<String> errors = new ArrayList<>();
  private JsonNode root = MissingNode.getInstance();
  private Path baseDir = Path.of(".");

  /**
   * Settings that did not come from a TOML file (a role with its own file format hands its values over):
   * section → key → value, relative paths resolved against {@code baseDir}.
   */
  public static TomlSettings of(Map<String, Map<String, Object>> tables, Path baseDir) {
    TomlSettings t = new TomlSettings(Optional.empty(), Map.of());
    t.root = new TomlMapper().valueToTree(tables);
    t.baseDir = baseDir;
    return t;
  }

  /** Every error collected so far. */
  public List<String> errors() {
    return List.copyOf(errors);
  }

  /** Reads {@code file} if present and checks its sections and keys against {@code keys}. */
  public TomlSettings(Optional<Path> file, Map<String, Set<String>> keys) {
    file.ifPresent(f -> read(f, keys));
  }

  private void read(Path file, Map<String, Set<String>> keys) {
    baseDir = file.toAbsolutePath().getParent();
    try {
      root = new TomlMapper().readTree(Files.readString(file));
    } catch (IOException e) {
      errors.add("cannot read " + file + ": " + e.getMessage());
      return;
    }
    Iterator<Map.Entry<String, JsonNode>> sections = root.fields();
    while (sections.hasNext()) {
      Map.Entry<String, JsonNode> s = sections.next();
      Set<String> known = keys.get(s.getKey());
      if (known == null || !(s.getValue().isObject() || isArrayOfTables(s.getValue()))) {
        errors.add("unknown section [" + s.getKey() + "] (known: " + new TreeSet<>(keys.keySet()) + ")");
        continue;
      }
      if (s.getValue().isObject()) {
        checkKeys(s.getKey(), s.getValue(), known);
      } else {
        for (int i = 0; i < s.getValue().size(); i++) {
          checkKeys(s.getKey() + "[" + i + "]", s.getValue().get(i), known);
        }
      }
    }
  }

  private static boolean isArrayOfTables(JsonNode n) {
    if (!n.isArray() || n.isEmpty()) {
      return false;
    }
    for (JsonNode e : n) {
      if (!e.isObject()) {
        return false;
      }
    }
    return true;
  }

  private void checkKeys(String section, JsonNode table, Set<String> known) {
    table.fieldNames().forEachRemaining(k -> {
      if (!known.contains(k)) {
        errors.add("unknown key " + section + "." + k + " (known: " + new TreeSet<>(known) + ")");
      }
    });
  }

  /** How many tables the array of tables {@code [[section]]} has (0 when absent). */
  public int tables(String section) {
    JsonNode n = root.path(section);
    return isArrayOfTables(n) ? n.size() : 0;
  }

  /** Whether {@code key} is set in {@code section} (a table, or {@code "name[i]"} of an array of tables). */
  public boolean has(String section, String key) {
    return !node(section).path(key).isMissingNode();
  }

  /** The table {@code section}, or the i-th table of an array of tables when written {@code "name[i]"}. */
  private JsonNode node(String section) {
    int open = section.indexOf('[');
    if (open > 0 && section.endsWith("]")) {
      try {
        int i = Integer.parseInt(section.substring(open + 1, section.length() - 1));
        return root.path(section.substring(0, open)).path(i);
      } catch (NumberFormatException e) {
        return MissingNode.getInstance();
      }
    }
    return root.path(section);
  }

  /** The directory relative paths in the file are resolved against. */
  public Path baseDir() {
    return baseDir;
  }

  public void error(String message) {
    errors.add(message);
  }

  public boolean hasErrors() {
    return !errors.isEmpty();
  }

  /** Throws a {@link ConfigException} listing every error collected so far, if any. */
  public void throwIfErrors() {
    if (!errors.isEmpty()) {
      throw new ConfigException(errors);
    }
  }

  public String text(String section, String key, String fallback) {
    JsonNode n = node(section).path(key);
    if (n.isMissingNode()) {
      return fallback;
    }
    if (!n.isTextual()) {
      errors.add(section + "." + key + ": expected a string, got " + n);
      return fallback;
    }
    return n.asText();
  }

  /** An array of strings; a value that is not one is an error. */
  public List<String> texts(String section, String key, List<String> fallback) {
    JsonNode n = node(section).path(key);
    if (n.isMissingNode()) {
      return fallback;
    }
    List<String> out = new ArrayList<>();
    if (n.isArray()) {
      n.forEach(e -> out.add(e.isTextual() ? e.asText() : null));
    }
    if (!n.isArray() || out.contains(null)) {
      errors.add(section + "." + key + ": expected an array of strings, got " + n);
      return fallback;
    }
    return List.copyOf(out);
  }

  public long number(String section, String key, long fallback, long min, long max) {
    JsonNode n = node(section).path(key);
    if (n.isMissingNode()) {
      return fallback;
    }
    if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < min || n.asLong() > max) {
      errors.add(section + "." + key + ": expected an integer in [" + min + ", " + max + "], got " + n);
      return fallback;
    }
    return n.asLong();
  }

  public boolean bool(String section, String key, boolean fallback) {
    JsonNode n = node(section).path(key);
    if (n.isMissingNode()) {
      return fallback;
    }
    if (!n.isBoolean()) {
      errors.add(section + "." + key + ": expected true or false, got " + n);
      return fallback;
    }
    return n.asBoolean();
  }

  public Duration duration(String section, String key, Duration fallback) {
    return value(section, key, null, Durations::parse, "a duration such as 100ms, 10s, 24h or 35d", fallback);
  }

  /** A text value parsed by {@code parse}; a value it refuses is an error naming {@code expected}. */
  public <T> T value(String section, String key, String fallbackText, Function<String, T> parse, String expected) {
    return value(section, key, fallbackText, parse, expected, null);
  }

  private <T> T value(String section, String key, String fallbackText, Function<String, T> parse, String expected, T fallback) {
    String s = text(section, key, fallbackText);
    if (s == null) {
      return fallback;
    }
    try {
      return parse.apply(s);
    } catch (IllegalArgumentException | DateTimeException e) {
      errors.add(section + "." + key + ": expected " + expected + ", got '" + s + "'");
      return fallback;
    }
  }

  /** The environment variable {@code name} if set and not blank, else {@code fallback}. */
  public static String envOr(Map<String, String> env, String name, String fallback) {
    String v = env.get(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
