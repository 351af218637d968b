package dev.tokenledger.agent.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Plans the installation of {@code agent run} as a user service and its removal (see {@link ServicePlan}).
 *
 * <p>Installed: a copy of the agent jar and every jar of its {@code lib/} in the layout's program directory
 * (the jar's manifest names {@code lib/…}, so the copy is self-contained: only a Java 17+ runtime is needed);
 * the config template when no config file exists; a systemd user unit started with
 * {@code systemctl --user enable --now}, or a launchd agent loaded with {@code launchctl bootstrap}. The
 * service runs {@code java} with a small heap and the serial collector ({@link #JVM_OPTIONS}; the idle
 * agent was measured at well under 100 MB RSS with them, docs/benchmarks.md).
 *
 * <p>Uninstalled: the service stopped and disabled, the unit or plist and the program directory removed;
 * the config file and the state directory (spool, checkpoints, intake token) are kept.
 */
public final class ServiceInstaller {

  /** JVM options of the service: bounded heap, metaspace and code cache, serial GC, C1 only. */
  public static final List<String> JVM_OPTIONS = List.of("-Xms8m", "-Xmx96m", "-Xss256k", "-XX:+UseSerialGC",
      "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", "-XX:TieredStopAtLevel=1", "-XX:MaxMetaspaceSize=96m",
      "-XX:ReservedCodeCacheSize=24m", "-XX:CICompilerCount=1", "-XX:+ExitOnOutOfMemoryError");

  private final ServiceLayout layout;
  private final Path java;
  private final Path sourceJar;
  private final int uid;

  /**
   * @param java the java executable the service runs
   * @param sourceJar the agent jar to install (its {@code lib/} beside it)
   * @param uid the user's numeric id (launchd's {@code gui/<uid>} domain)
   */
  public ServiceInstaller(ServiceLayout layout, Path java, Path sourceJar, int uid) {
    this.layout = layout;
    this.java = java;
    this.sourceJar = sourceJar;
    this.uid = uid;
  }

  public ServicePlan install() {
    List<ServicePlan.Copy> copies = new ArrayList<>();
    copies.add(new ServicePlan.Copy(sourceJar, layout.jar()));
    for (Path lib : libraries()) {
      copies.add(new ServicePlan.Copy(lib, layout.programDir().resolve("lib").resolve(lib.getFileName())));
    }
    List<ServicePlan.Write> writes = new ArrayList<>();
    writes.add(new ServicePlan.Write(layout.configFile(), configTemplate(), true, false));
    List<List<String>> commands = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    switch (layout.manager()) {
      case SYSTEMD -> {
        writes.add(new ServicePlan.Write(layout.serviceFile(), systemdUnit(), false, false));
        commands.add(List.of("systemctl", "--user", "daemon-reload"));
        commands.add(List.of("systemctl", "--user", "enable", "--now", ServiceLayout.UNIT));
        notes.add("logs: journalctl --user -u " + ServiceLayout.UNIT + " -f");
        notes.add("to keep it running while you are logged out: loginctl enable-linger $USER");
      }
      case LAUNCHD -> {
        writes.add(new ServicePlan.Write(layout.serviceFile(), launchdPlist(), false, false));
        commands.add(List.of("launchctl", "bootstrap", "gui/" + uid, layout.serviceFile().toString()));
        notes.add("logs: " + layout.logFile());
      }
    }
    notes.add("config: " + layout.configFile() + " (kept if it exists; reference: config/agent.reference.toml)");
    return new ServicePlan(copies, writes, List.of(), commands, notes);
  }

  public ServicePlan uninstall() {
    List<List<String>> commands = new ArrayList<>();
    switch (layout.manager()) {
      case SYSTEMD -> {
        commands.add(List.of("systemctl", "--user", "disable", "--now", ServiceLayout.UNIT));
        commands.add(List.of("systemctl", "--user", "daemon-reload"));
      }
      case LAUNCHD -> commands.add(List.of("launchctl", "bootout", "gui/" + uid + "/" + ServiceLayout.LABEL));
    }
    // stop first, then remove: the commands run before the deletes (see PlanExecutor)
    return new ServicePlan(List.of(), List.of(), List.of(layout.serviceFile(), layout.programDir()), commands,
        List.of("kept: " + layout.configFile() + " and the state directory (spool, checkpoints, intake token)"));
  }

  private List<Path> libraries() {
    Path lib = sourceJar.resolveSibling("lib");
    if (!Files.isDirectory(lib)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(lib)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<String> commandLine() {
    List<String> cmd = new ArrayList<>();
    cmd.add(java.toString());
    cmd.addAll(JVM_OPTIONS);
    cmd.addAll(List.of("-jar", layout.jar().toString(), "--config", layout.configFile().toString(), "run"));
    return cmd;
  }

  String systemdUnit() {
    return """
        # Written by `tokenledger agent install`; removed by `agent uninstall`.
        [Unit]
        Description=Tokenledger collector agent (AI-assistant usage to the cost ledger)
        After=network-online.target
        Wants=network-online.target

        [Service]
        Type=simple
        # fewer glibc malloc arenas: a few MB less resident memory for an idle process
        Environment=MALLOC_ARENA_MAX=2
        ExecStart=%s
        Restart=on-failure
        RestartSec=10
        # exit 2 = bad configuration, 4 = another agent holds the state directory: restarting cannot help
        RestartPreventExitStatus=2 4
        KillSignal=SIGTERM
        TimeoutStopSec=30
        Nice=10
        IOSchedulingClass=idle

        [Install]
        WantedBy=default.target
        """.formatted(String.join(" ", commandLine().stream().map(ServiceInstaller::systemdQuote).toList()));
  }

  String launchdPlist() {
    StringBuilder args = new StringBuilder();
    for (String a : commandLine()) {
      args.append("    <string>").append(xml(a)).append("</string>\n");
    }
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
        <!-- Written by `tokenledger agent install`; removed by `agent uninstall`. -->
        <plist version="1.0">
        <dict>
          <key>Label</key>
          <string>%s</string>
          <key>ProgramArguments</key>
          <array>
        %s  </array>
          <key>RunAtLoad</key>
          <true/>
          <key>KeepAlive</key>
          <dict>
            <key>SuccessfulExit</key>
            <false/>
          </dict>
          <key>ThrottleInterval</key>
          <integer>10</integer>
          <key>ProcessType</key>
          <string>Background</string>
          <key>LowPriorityIO</key>
          <true/>
          <key>StandardOutPath</key>
          <string>%s</string>
          <key>StandardErrorPath</key>
          <string>%s</string>
        </dict>
        </plist>
        """.formatted(ServiceLayout.LABEL, args, xml(layout.logFile().toString()), xml(layout.logFile().toString()));
  }

  static String configTemplate() {
    try (InputStream in = ServiceInstaller.class.getResourceAsStream("/config/agent.template.toml")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A systemd ExecStart word: quoted when it holds spaces, quotes, backslashes or specifiers. */
  static String systemdQuote(String s) {
    String escaped = s.replace("%", "%%");
    if (!escaped.matches(".*[\\s\"'\\\\$;].*")) {
      return escaped;
    }
    return "\"" + escaped.replace("\\", "\\\\").replace("\"", "\\\"").replace("$", "$$") + "\"";
  }

  static String xml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
