package dev.tokenledger.agent.cli;

import dev.tokenledger.agent.service.ServiceInstaller;
import dev.tokenledger.agent.service.ServiceLayout;
import dev.tokenledger.agent.service.ServiceManager;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by {@code install} and {@code uninstall}. */
final class ServiceOptions {

  @Option(names = "--dry-run", description = "Print exactly what would be copied, written (with contents) and run; change nothing.")
  boolean dryRun;

  @Option(names = "--manager", paramLabel = "systemd|launchd",
      description = "Service manager (default: launchd on macOS, systemd elsewhere).")
  String manager;

  @Option(names = "--jar", paramLabel = "FILE", description = "The agent jar to install, its lib/ beside it (default: the running one).")
  Path jar;

  @Option(names = "--java", paramLabel = "FILE", description = "The java executable the service runs (default: this JVM's).")
  Path java;

  @Option(names = "--uid", hidden = true, description = "The user id for launchd's gui/<uid> domain (default: the home directory's owner).")
  Integer uid;

  ServiceManager manager() {
    if (manager == null) {
      return ServiceManager.forOs(System.getProperty("os.name"));
    }
    return switch (manager) {
      case "systemd" -> ServiceManager.SYSTEMD;
      case "launchd" -> ServiceManager.LAUNCHD;
      default -> throw new IllegalArgumentException("--manager must be systemd or launchd, was '" + manager + "'");
    };
  }

  ServiceInstaller installer(AgentContext ctx) throws IOException {
    ServiceLayout layout = ServiceLayout.of(manager(), ctx.environment().home(), ctx.environment().variables());
    Path javaExe = java != null ? java.toAbsolutePath()
        : Path.of(System.getProperty("java.home"), "bin", "java");
    return new ServiceInstaller(layout, javaExe, sourceJar(), uid != null ? uid : uid(layout.home()));
  }

  private Path sourceJar() {
    if (jar != null) {
      return jar.toAbsolutePath();
    }
    try {
      Path p = Path.of(ServiceOptions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!Files.isRegularFile(p) || !p.toString().endsWith(".jar")) {
        throw new IllegalArgumentException("the agent does not run from its jar (" + p + "); build it with "
            + "`./mvnw -pl collector-agent -am install -DskipTests` or name it with --jar");
      }
      return p;
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int uid(Path home) throws IOException {
    try {
      return (Integer) Files.getAttribute(home, "unix:uid");
    } catch (UnsupportedOperationException e) {
      return 0;
    }
  }
}
