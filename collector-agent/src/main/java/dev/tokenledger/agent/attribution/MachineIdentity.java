package dev.tokenledger.agent.attribution;

import dev.tokenledger.agent.config.AgentConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The person and machine events are attributed to.
 *
 * @param userId configured id, else {@code <os user>@<host>}
 * @param host host name (or its salted hash when paths are hashed)
 */
public record MachineIdentity(String orgId, String userId, Optional<String> userEmail, String host,
    Optional<String> team, Optional<String> costCentre) {

  /** Resolves the identity from the configuration and this machine. */
  public static MachineIdentity resolve(AgentConfig config, Map<String, String> env) {
    String osUser = Optional.ofNullable(env.get("USER")).filter(s -> !s.isBlank())
        .orElse(System.getProperty("user.name", "unknown"));
    String hostName = hostName(env);
    String host = config.hashPaths() ? "host:" + Hashes.of(config).hash16(hostName) : hostName;
    AgentConfig.Identity id = config.identity();
    return new MachineIdentity(id.orgId(), id.userId().orElse(osUser + "@" + host), id.userEmail(), host,
        id.team(), id.costCentre());
  }

  static String hostName(Map<String, String> env) {
    try {
      String h = InetAddress.getLocalHost().getHostName();
      if (h != null && !h.isBlank()) {
        return h;
      }
    } catch (IOException e) {
      // fall through
    }
    String h = env.get("HOSTNAME");
    if (h != null && !h.isBlank()) {
      return h;
    }
    try {
      return Files.readString(Path.of("/etc/hostname"), StandardCharsets.UTF_8).trim();
    } catch (IOException e) {
      return "unknown-host";
    }
  }
}
