package dev.tokenledger.operations;

import dev.tokenledger.settings.TomlSettings;
import java.util.Map;
import java.util.Set;

/**
 * {@code [ops]}: where a role serves {@code /metrics}, {@code /health/live} and {@code /health/ready}.
 * Off unless a port is set (several roles and tests share a machine; a fixed default would collide).
 *
 * @param port 1..65535 to serve, 0 = off
 */
public record OpsSettings(String host, int port) {

  /** The section's keys, for the unknown-key check of each role's parser. */
  public static final Map.Entry<String, Set<String>> KEYS = Map.entry("ops", Set.of("host", "port"));

  /** The environment variable that sets the port of any role (wins over the file). */
  public static final String ENV_PORT = "TOKENLEDGER_OPS_PORT";

  public static OpsSettings off() {
    return new OpsSettings("127.0.0.1", 0);
  }

  public boolean enabled() {
    return port > 0;
  }

  /** Reads {@code [ops] host, port}; {@code TOKENLEDGER_OPS_PORT} wins over the file's port. */
  public static OpsSettings parse(TomlSettings toml, Map<String, String> env) {
    String host = toml.text("ops", "host", "127.0.0.1").trim();
    long port = toml.number("ops", "port", 0, 0, 65_535);
    String fromEnv = env.get(ENV_PORT);
    if (fromEnv != null && !fromEnv.isBlank()) {
      try {
        port = Integer.parseInt(fromEnv.trim());
        if (port < 0 || port > 65_535) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        toml.error(ENV_PORT + ": a port from 0 (off) to 65535, got '" + fromEnv + "'");
        port = 0;
      }
    }
    if (host.isEmpty()) {
      toml.error("ops.host: must not be empty (127.0.0.1 serves this machine only)");
    }
    return new OpsSettings(host, (int) port);
  }

  @Override
  public String toString() {
    return enabled() ? "http://" + host + ":" + port + " (/metrics, /health/live, /health/ready)" : "off";
  }
}
