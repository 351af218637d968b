package dev.tokenledger.agent.commits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real {@code git} on a throw-away repository. */
class GitAuthorEmailTest {

  @TempDir
  Path repo;

  @Test
  void theRepositorysUserEmailIsTheAuthorToMatch() throws Exception {
    assumeTrue(run("git", "--version") == 0, "no git binary on this machine");
    assertThat(run("git", "-C", repo.toString(), "init", "-q")).isZero();
    assertThat(run("git", "-C", repo.toString(), "config", "user.email", "dev@example.com")).isZero();
    assertThat(new GitAuthorEmail("git", Duration.ofSeconds(20)).of(repo)).contains("dev@example.com");
    assertThat(new GitAuthorEmail("git", Duration.ofSeconds(20)).of(repo.resolve("missing"))).isEmpty();
    assertThat(new GitAuthorEmail("/no/such/git", Duration.ofSeconds(5)).of(repo)).isEmpty();
  }

  private static int run(String... cmd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().putAll(Map.of("GIT_CONFIG_NOSYSTEM", "1"));
    Process p;
    try {
      p = pb.start();
    } catch (java.io.IOException e) {
      return -1;
    }
    return p.waitFor(20, TimeUnit.SECONDS) ? p.exitValue() : -1;
  }
}
