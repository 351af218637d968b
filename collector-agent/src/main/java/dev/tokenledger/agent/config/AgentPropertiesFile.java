package dev.tokenledger.agent.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The former configuration format, a Java-properties file ({@code agent.properties}) with the agent's
 * flat keys ({@code kafka.bootstrap-servers=…}), still read so that nothing is lost on upgrade. Reading
 * one yields a one-line deprecation notice naming the TOML equivalent of every key it sets.
 */
final class AgentPropertiesFile {

  private AgentPropertiesFile() {}

  /** Reads {@code file} into {@code values}; returns the deprecation notice, empty when the file cannot be read. */
  static Optional<String> read(Path file, Map<String, String> values, List<String> problems) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException | IllegalArgumentException e) {
      problems.add("cannot read config file " + file + ": " + e.getMessage());
      return Optional.empty();
    }
    for (String key : p.stringPropertyNames()) {
      if (!AgentConfigLoader.DEFAULTS.containsKey(key) && !key.startsWith(AgentConfigLoader.EXTRA_PREFIX)) {
        problems.add("unknown key '" + key + "' in " + file + " (known: "
            + String.join(", ", AgentConfigLoader.DEFAULTS.keySet()) + ", " + AgentConfigLoader.EXTRA_PREFIX + "*)");
        continue;
      }
      values.put(key, p.getProperty(key).trim());
    }
    List<String> equivalents = new TreeSet<>(p.stringPropertyNames()).stream()
        .filter(k -> AgentConfigLoader.DEFAULTS.containsKey(k) || k.startsWith(AgentConfigLoader.EXTRA_PREFIX))
        .map(k -> k + " → " + AgentTomlFile.tomlName(k)).toList();
    return Optional.of(file + " uses the deprecated properties format; write it as " + file.resolveSibling("agent.toml")
        + (equivalents.isEmpty() ? "" : " (" + String.join(", ", equivalents) + ")")
        + "; see config/agent.reference.toml");
  }
}
