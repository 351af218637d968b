package dev.tokenledger.agent.commits;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The author e-mail commits of a repository are matched with: {@code git config user.email} as git
 * itself resolves it there (the repository's, else the user's global setting). Bounded by a timeout;
 * empty when git is missing, fails or has none.
 */
public final class GitAuthorEmail {

  private final String git;
  private final Duration timeout;

  public GitAuthorEmail(String git, Duration timeout) {
    this.git = git;
    this.timeout = timeout;
  }

  public Optional<String> of(Path repository) {
    if (repository == null || !Files.isDirectory(repository)) {
      return Optional.empty();
    }
    ProcessBuilder pb = new ProcessBuilder(git, "-C", repository.toString(), "config", "--get", "user.email");
    pb.environment().put("GIT_TERMINAL_PROMPT", "0");
    pb.redirectError(ProcessBuilder.Redirect.DISCARD);
    Path output = null;
    Process p = null;
    try {
      output = Files.createTempFile("tokenledger-git-email", ".txt");
      pb.redirectOutput(output.toFile());
      p = pb.start();
      p.getOutputStream().close();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        return Optional.empty();
      }
      if (p.exitValue() != 0 || Files.size(output) > 4096) {
        return Optional.empty();
      }
      String email = Files.readString(output, StandardCharsets.UTF_8).strip();
      return email.isEmpty() ? Optional.empty() : Optional.of(email);
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      return Optional.empty();
    } finally {
      if (output != null) {
        try {
          Files.deleteIfExists(output);
        } catch (IOException e) {
          // in the OS temp directory, which the OS cleans
        }
      }
    }
  }
}
