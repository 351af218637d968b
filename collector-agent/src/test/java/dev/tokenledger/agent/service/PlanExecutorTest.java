package dev.tokenledger.agent.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Carrying out a plan (with a recorded command runner): install then uninstall leave config and state. */
class PlanExecutorTest {

  @TempDir
  Path tmp;

  @Test
  void installWritesEverythingAndUninstallRemovesAllButTheConfig() throws Exception {
    Path home = Files.createDirectories(tmp.resolve("home"));
    Files.createDirectories(tmp.resolve("dist/lib"));
    Path jar = Files.writeString(tmp.resolve("dist/collector-agent.jar"), "jar");
    Files.writeString(tmp.resolve("dist/lib/a.jar"), "a");
    ServiceLayout layout = ServiceLayout.of(ServiceManager.SYSTEMD, home, Map.of());
    ServiceInstaller installer = new ServiceInstaller(layout, Path.of("/usr/bin/java"), jar, 1000);
    List<List<String>> ran = new ArrayList<>();
    PlanExecutor ex = new PlanExecutor(new PrintStream(new ByteArrayOutputStream()), c -> {
      ran.add(c);
      return 0;
    });
    assertThat(ex.execute(installer.install())).isZero();
    assertThat(layout.jar()).hasContent("jar");
    assertThat(layout.programDir().resolve("lib/a.jar")).hasContent("a");
    assertThat(layout.serviceFile()).content().contains("ExecStart=/usr/bin/java");
    assertThat(layout.configFile()).content().contains("[org]");
    assertThat(ran).containsExactly(List.of("systemctl", "--user", "daemon-reload"),
        List.of("systemctl", "--user", "enable", "--now", "tokenledger-agent.service"));

    Files.writeString(layout.configFile(), "[org]\nid = \"acme\"\n");
    assertThat(ex.execute(installer.install())).as("reinstall keeps the edited config").isZero();
    assertThat(layout.configFile()).hasContent("[org]\nid = \"acme\"\n");

    PlanExecutor failing = new PlanExecutor(new PrintStream(new ByteArrayOutputStream()), c -> 5);
    assertThat(failing.execute(installer.uninstall())).as("a service that is not loaded is still removed").isZero();
    assertThat(layout.serviceFile()).doesNotExist();
    assertThat(layout.programDir()).doesNotExist();
    assertThat(layout.configFile()).exists();
    assertThat(failing.execute(installer.install())).as("a failing systemctl fails the install").isEqualTo(5);
  }
}
