package dev.tokenledger.agent.commits;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The commits one author made in a repository during a time window (a session's span), read with one
 * bounded {@code git log --numstat} subprocess per session — never per event (ADR 0131 rejects
 * per-event subprocesses; ADR 0620). Local branches only ({@code --branches}), merges excluded. Without
 * a {@code git} binary, outside a repository, or after the timeout, the answer is empty with the reason:
 * no commit data rather than a guess.
 */
public final class GitCommitLog {

  /** The longest output read (a session does not make megabytes of commits). */
  static final int MAX_OUTPUT = 4 << 20;

  /** What the log says: the commits, or why there are none to tell. */
  public record Result(List<SeenCommit> commits, Optional<String> problem) {

    public Result {
      commits = List.copyOf(commits);
    }

    static Result problem(String why) {
      return new Result(List.of(), Optional.of(why));
    }
  }

  private final String git;
  private final Duration timeout;

  public GitCommitLog(String git, Duration timeout) {
    this.git = git;
    this.timeout = timeout;
  }

  /** The commits of {@code authorEmail} in the repository at {@code repository}, committed within [from, to]. */
  public Result commits(Path repository, String authorEmail, Instant from, Instant to) {
    if (authorEmail == null || authorEmail.isBlank()) {
      return Result.problem("no author e-mail to match commits with");
    }
    if (!Files.isDirectory(repository)) {
      return Result.problem("no repository at the session's directory");
    }
    ProcessBuilder pb = new ProcessBuilder(git, "-C", repository.toString(), "log", "--branches", "--no-merges", "--numstat",
        "--no-color", "--no-renames", "--format=%x1e%H%x1f%ct%x1f%ae", "--since=@" + from.getEpochSecond(),
        "--until=@" + to.getEpochSecond());
    pb.environment().put("GIT_TERMINAL_PROMPT", "0");
    pb.environment().put("LC_ALL", "C");
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    Path output = null;
    Process p = null;
    try {
      // to a file, so a git that hangs cannot block a read: the timeout always holds
      output = Files.createTempFile("tokenledger-git-log", ".txt");
      pb.redirectOutput(output.toFile());
      p = pb.start();
      p.getOutputStream().close();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        return Result.problem("git log took longer than " + timeout.toSeconds() + " s");
      }
      if (p.exitValue() != 0) {
        return Result.problem("git log failed (exit " + p.exitValue() + "): not a repository?");
      }
      if (Files.size(output) > MAX_OUTPUT) {
        return Result.problem("git log wrote more than " + MAX_OUTPUT + " bytes");
      }
      return new Result(NumstatLog.parse(Files.readString(output, StandardCharsets.UTF_8), authorEmail), Optional.empty());
    } catch (IOException e) {
      return Result.problem(p == null ? "git is not available: " + e.getMessage() : "git log output unreadable: " + e.getMessage());
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      return Result.problem("interrupted");
    } finally {
      if (output != null) {
        try {
          Files.deleteIfExists(output);
        } catch (IOException e) {
          // local to this machine (it never leaves it) and in the OS temp directory, which the OS cleans
        }
      }
    }
  }
}
