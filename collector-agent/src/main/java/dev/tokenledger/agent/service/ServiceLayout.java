package dev.tokenledger.agent.service;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where an installation lives for one user: the program (a copy of the agent jar and its {@code lib/},
 * so the service never depends on a checkout or build directory), the config file, the unit or plist,
 * the service's log (launchd only; systemd keeps it in the journal).
 *
 * @param home the user's home
 * @param programDir the installed jar and {@code lib/}: {@code ${XDG_DATA_HOME:-~/.local/share}/tokenledger/agent}
 *     (systemd) or {@code ~/Library/Application Support/tokenledger/agent} (launchd)
 * @param configFile {@code ${XDG_CONFIG_HOME:-~/.config}/tokenledger/agent.toml}
 * @param serviceFile {@code ~/.config/systemd/user/tokenledger-agent.service} or
 *     {@code ~/Library/LaunchAgents/dev.tokenledger.agent.plist}
 * @param logFile launchd's stdout/stderr file, {@code ~/Library/Logs/tokenledger-agent.log}
 */
public record ServiceLayout(ServiceManager manager, Path home, Path programDir, Path configFile, Path serviceFile,
    Path logFile) {

  /** The systemd unit name. */
  public static final String UNIT = "tokenledger-agent.service";
  /** The launchd label. */
  public static final String LABEL = "dev.tokenledger.agent";

  public static ServiceLayout of(ServiceManager manager, Path home, Map<String, String> env) {
    Path config = base(env.get("XDG_CONFIG_HOME"), home.resolve(".config")).resolve("tokenledger/agent.toml");
    return switch (manager) {
      case SYSTEMD -> new ServiceLayout(manager, home,
          base(env.get("XDG_DATA_HOME"), home.resolve(".local/share")).resolve("tokenledger/agent"), config,
          base(env.get("XDG_CONFIG_HOME"), home.resolve(".config")).resolve("systemd/user").resolve(UNIT), null);
      case LAUNCHD -> new ServiceLayout(manager, home, home.resolve("Library/Application Support/tokenledger/agent"),
          config, home.resolve("Library/LaunchAgents").resolve(LABEL + ".plist"),
          home.resolve("Library/Logs/tokenledger-agent.log"));
    };
  }

  private static Path base(String xdg, Path fallback) {
    return xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg) : fallback;
  }

  public Path jar() {
    return programDir.resolve("collector-agent.jar");
  }
}
