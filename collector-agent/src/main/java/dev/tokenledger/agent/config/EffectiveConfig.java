package dev.tokenledger.agent.config;

import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The effective configuration printed by {@code --validate}: an {@code agent.toml} with every key and
 * its value after defaults, file and environment are merged. The hash salt and producer properties
 * that look secret (passwords, JAAS configs, tokens, keys) are masked.
 */
final class EffectiveConfig {

  private static final String MASK = "********";
  /** Producer properties whose values are never printed. */
  private static final Pattern SECRET_PROPERTY =
      Pattern.compile("(?i).*(password|secret|jaas|token|credential).*|.*\\.key");

  private EffectiveConfig() {}

  /** {@code effective}: agent key → value (missing keys have their default). */
  static String toml(Map<String, String> effective, AgentConfig config) {
    StringBuilder out = new StringBuilder();
    String section = null;
    for (String key : AgentConfigLoader.DEFAULTS.keySet().stream().sorted(Comparator.comparing(k -> AgentTomlFile.tomlKey(k)[0]))
        .toList()) {
      String[] k = AgentTomlFile.tomlKey(key);
      if (!k[0].equals(section)) {
        section = k[0];
        out.append(out.length() == 0 ? "" : "\n").append('[').append(section).append("]\n");
      }
      String v = key.equals("state.dir") ? config.stateDir().toString() : effective.getOrDefault(key, AgentConfigLoader.DEFAULTS.get(key));
      if (key.equals("registry.url")) {
        v = withoutPassword(v);
      }
      if (AgentConfigLoader.SECRET_KEYS.contains(key) && !v.isBlank()) {
        v = MASK;
      }
      out.append(k[1]).append(" = ").append(tomlValue(key, v)).append('\n');
    }
    Map<String, String> extra = new TreeMap<>();
    effective.forEach((key, v) -> {
      if (key.startsWith(AgentConfigLoader.EXTRA_PREFIX)) {
        String name = key.substring(AgentConfigLoader.EXTRA_PREFIX.length());
        extra.put(name, SECRET_PROPERTY.matcher(name).matches() ? MASK : v);
      }
    });
    if (!extra.isEmpty()) {
      out.append("\n[kafka.").append(AgentTomlFile.EXTRA_TABLE).append("]\n");
      extra.forEach((name, v) -> out.append(quote(name)).append(" = ").append(quote(v)).append('\n'));
    }
    return out.toString();
  }

  /** {@code https://user:secret@host/…} → {@code https://user:********@host/…}. */
  static String withoutPassword(String url) {
    return url.replaceFirst("^(https?://[^/@:]*):[^/@]*@", "$1:" + MASK + "@");
  }

  private static String tomlValue(String key, String v) {
    return AgentTomlFile.isUnquoted(key) && v.matches("true|false|-?\\d+") ? v : quote(v);
  }

  private static String quote(String v) {
    return '"' + v.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
