package dev.tokenledger.agent.service;

import java.util.Locale;

/** The user-level service manager the agent is installed under. */
public enum ServiceManager {
  /** A systemd user unit (Linux). */
  SYSTEMD,
  /** A launchd agent (macOS). */
  LAUNCHD;

  /** The manager of this operating system ({@code os.name}): launchd on macOS, systemd elsewhere. */
  public static ServiceManager forOs(String osName) {
    return osName != null && osName.toLowerCase(Locale.ROOT).startsWith("mac") ? LAUNCHD : SYSTEMD;
  }
}
