package dev.tokenledger.agent.commits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real {@code git} on a throw-away repository: the author's commits of a window, with line counts. */
class GitCommitLogTest {

  @TempDir Path repo;

  private void git(Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("git", "-C", repo.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getInputStream().readAllBytes();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", args)).isZero();
  }

  private void commit(String email, long epoch, String file, String content) throws Exception {
    Files.writeString(repo.resolve(file), content);
    String date = "@" + epoch + " +0000";
    Map<String, String> env = Map.of("GIT_AUTHOR_NAME", "n", "GIT_AUTHOR_EMAIL", email, "GIT_COMMITTER_NAME", "n",
        "GIT_COMMITTER_EMAIL", email, "GIT_AUTHOR_DATE", date, "GIT_COMMITTER_DATE", date);
    git(env, "add", file);
    git(env, "commit", "-q", "-m", "secret plans for " + file);
  }

  @Test
  void theAuthorsCommitsWithinTheWindow() throws Exception {
    assumeTrue(available(), "no git binary on this machine");
    git(Map.of(), "init", "-q", "-b", "main");
    commit("me@example.com", 1_764_000_000L, "a.txt", "1\n2\n3\n");          // before the window
    commit("me@example.com", 1_764_000_600L, "b.txt", "1\n2\n");             // in
    commit("other@example.com", 1_764_000_700L, "c.txt", "1\n");             // someone else
    commit("ME@example.com", 1_764_000_800L, "b.txt", "1\nchanged\nnew\n");  // in: +2 -1
    commit("me@example.com", 1_764_009_999L, "d.txt", "1\n");                // after

    GitCommitLog.Result r = new GitCommitLog("git", Duration.ofSeconds(20))
        .commits(repo, "me@example.com", Instant.ofEpochSecond(1_764_000_500L), Instant.ofEpochSecond(1_764_001_000L));
    assertThat(r.problem()).isEmpty();
    assertThat(r.commits()).extracting(c -> c.committed().getEpochSecond() + " +" + c.linesAdded() + " -" + c.linesRemoved() + " " + c.filesChanged())
        .containsExactly("1764000800 +2 -1 1", "1764000600 +2 -0 1");
    assertThat(r.toString()).doesNotContain("secret plans", "b.txt");
  }

  @Test
  void noGitNoRepositoryOrNoAuthorIsNoDataWithAReason() throws Exception {
    Instant t = Instant.ofEpochSecond(1_764_000_000L);
    assertThat(new GitCommitLog("/no/such/git", Duration.ofSeconds(5)).commits(repo, "me@example.com", t, t).problem())
        .hasValueSatisfying(p -> assertThat(p).startsWith("git is not available"));
    assertThat(new GitCommitLog("git", Duration.ofSeconds(5)).commits(repo.resolve("gone"), "me@example.com", t, t).problem())
        .hasValue("no repository at the session's directory");
    assertThat(new GitCommitLog("git", Duration.ofSeconds(5)).commits(repo, " ", t, t).problem())
        .hasValue("no author e-mail to match commits with");
    if (available()) {
      assertThat(new GitCommitLog("git", Duration.ofSeconds(5)).commits(repo, "me@example.com", t, t).problem())
          .hasValueSatisfying(p -> assertThat(p).startsWith("git log failed"));
    }
  }

  private static boolean available() {
    try {
      Process p = new ProcessBuilder("git", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }
}
