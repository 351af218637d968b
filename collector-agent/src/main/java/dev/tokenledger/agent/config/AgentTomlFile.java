package dev.tokenledger.agent.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.tokenledger.settings.TomlSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The agent's TOML file ({@code agent.toml}), read with the shared {@link TomlSettings}: unknown
 * sections and keys and values of the wrong type are errors, every one reported at once.
 *
 * <p>The mapping from the agent's key names (those of the environment variables and of the former
 * {@code agent.properties}): the part before the first dot is the section, the rest the key with dots
 * and dashes turned into underscores ({@code kafka.bootstrap-servers} → {@code [kafka]
 * bootstrap_servers}, {@code limits.max-input-tokens} → {@code [limits] max_input_tokens}). The two
 * keys without a prefix belong to the user: {@code team} → {@code [user] team}, {@code cost-centre} →
 * {@code [user] cost_centre}. Extra producer properties {@code kafka.property.X} are the table
 * {@code [kafka.property]} with the property names as keys ({@code "security.protocol" = "SSL"}).
 *
 * <p>Values are typed: booleans and whole numbers unquoted, durations as strings ({@code "10s"},
 * {@code "PT10S"}), {@code limits.max_cost_usd} a string or a whole number. The values are handed to
 * the same checks as the environment's (see {@link ConfigValues}).
 */
final class AgentTomlFile {

  /** The table of extra Kafka producer properties inside {@code [kafka]}. */
  static final String EXTRA_TABLE = "property";

  private static final Set<String> BOOLEANS = Set.of("intake.enabled", "privacy.hash-paths", "efficiency.commits",
      "efficiency.mcp-inventory");
  private static final Set<String> INTEGERS = Set.of("publish.batch-size", "scan.commit-bytes", "scan.threads",
      "spool.max-bytes", "intake.port", "limits.max-input-tokens", "limits.max-cache-read-tokens",
      "limits.max-cache-write-tokens", "limits.max-output-tokens");
  private static final String COST = "limits.max-cost-usd";

  private AgentTomlFile() {}

  /** Whether the key's value is written without quotes (a boolean or a whole number). */
  static boolean isUnquoted(String key) {
    return BOOLEANS.contains(key) || INTEGERS.contains(key);
  }

  /** {@code [section, key]} of an agent key in the TOML file. */
  static String[] tomlKey(String key) {
    if (key.equals("team") || key.equals("cost-centre")) {
      return new String[] {"user", key.replace('-', '_')};
    }
    int dot = key.indexOf('.');
    return new String[] {key.substring(0, dot), key.substring(dot + 1).replace('.', '_').replace('-', '_')};
  }

  /** {@code kafka.bootstrap-servers} → {@code [kafka] bootstrap_servers}, for messages and docs. */
  static String tomlName(String key) {
    if (key.startsWith(AgentConfigLoader.EXTRA_PREFIX)) {
      return "[kafka." + EXTRA_TABLE + "] \"" + key.substring(AgentConfigLoader.EXTRA_PREFIX.length()) + "\"";
    }
    String[] k = tomlKey(key);
    return "[" + k[0] + "] " + k[1];
  }

  /** Every section with its keys. */
  static Map<String, Set<String>> keyTable() {
    Map<String, Set<String>> table = new LinkedHashMap<>();
    for (String key : AgentConfigLoader.DEFAULTS.keySet()) {
      String[] k = tomlKey(key);
      table.computeIfAbsent(k[0], s -> new LinkedHashSet<>()).add(k[1]);
    }
    table.get("kafka").add(EXTRA_TABLE);
    return table;
  }

  /** Reads {@code file} into {@code values} (agent key → text); every problem goes to {@code problems}. */
  static void read(Path file, Map<String, String> values, List<String> problems) {
    TomlSettings settings = new TomlSettings(Optional.of(file), keyTable());
    JsonNode root = rawTree(file);
    for (String key : AgentConfigLoader.DEFAULTS.keySet()) {
      String[] k = tomlKey(key);
      String section = k[0];
      String name = k[1];
      if (root.path(section).path(name).isMissingNode()) {
        continue;
      }
      String fallback = AgentConfigLoader.DEFAULTS.get(key);
      String value;
      if (BOOLEANS.contains(key)) {
        value = String.valueOf(settings.bool(section, name, Boolean.parseBoolean(fallback)));
      } else if (INTEGERS.contains(key)
          || (key.equals(COST) && root.path(section).path(name).isIntegralNumber())) {
        value = String.valueOf(settings.number(section, name, Long.parseLong(fallback), Long.MIN_VALUE, Long.MAX_VALUE));
      } else {
        value = settings.text(section, name, fallback).trim();
      }
      values.put(key, value);
    }
    JsonNode extra = root.path("kafka").path(EXTRA_TABLE);
    if (extra.isObject()) {
      flatten("", extra, values, problems);
    } else if (!extra.isMissingNode()) {
      problems.add("kafka." + EXTRA_TABLE + ": expected a table of producer properties ([kafka." + EXTRA_TABLE
          + "]), got " + extra);
    }
    try {
      settings.throwIfErrors();
    } catch (dev.tokenledger.settings.ConfigException e) { // the shared reader's; the agent reports its own
      problems.addAll(0, e.errors());
    }
  }

  /** {@code security.protocol = "SSL"} and {@code "security.protocol" = "SSL"} both name one property. */
  private static void flatten(String prefix, JsonNode table, Map<String, String> values, List<String> problems) {
    Iterator<Map.Entry<String, JsonNode>> it = table.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = prefix + e.getKey();
      JsonNode v = e.getValue();
      if (v.isObject()) {
        flatten(name + ".", v, values, problems);
      } else if (v.isValueNode()) {
        values.put(AgentConfigLoader.EXTRA_PREFIX + name, v.asText().trim());
      } else {
        problems.add("kafka." + EXTRA_TABLE + "." + name + ": expected a string, number or boolean, got " + v);
      }
    }
  }

  /** The parsed tree, or an empty one when the file cannot be read (TomlSettings reports that). */
  private static JsonNode rawTree(Path file) {
    try {
      return new TomlMapper().readTree(Files.readString(file));
    } catch (IOException | RuntimeException e) {
      return MissingNode.getInstance();
    }
  }
}
