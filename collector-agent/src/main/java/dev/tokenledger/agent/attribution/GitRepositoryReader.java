package dev.tokenledger.agent.attribution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads git metadata straight from the {@code .git} directory or file (no {@code git} process):
 * HEAD, the branch ref (loose or packed), the remote URL from {@code config}, and linked worktrees
 * ({@code .git} file pointing at {@code <repo>/.git/worktrees/<name>} with a {@code commondir}).
 */
public final class GitRepositoryReader {

  /** The checkout containing {@code dir}, or empty when it is not inside one (or it no longer exists). */
  public Optional<GitInfo> read(Path dir) {
    Path d = dir.toAbsolutePath().normalize();
    while (d != null) {
      Path dotGit = d.resolve(".git");
      if (Files.isDirectory(dotGit)) {
        return Optional.of(info(d, dotGit, dotGit, false));
      }
      if (Files.isRegularFile(dotGit)) {
        Optional<Path> gitDir = gitDirFromFile(d, dotGit);
        if (gitDir.isPresent()) {
          Path common = commonDir(gitDir.get());
          return Optional.of(info(d, gitDir.get(), common, !common.equals(gitDir.get())));
        }
        return Optional.empty();
      }
      d = d.getParent();
    }
    return Optional.empty();
  }

  private static GitInfo info(Path root, Path gitDir, Path commonDir, boolean linked) {
    Optional<String> head = firstLine(gitDir.resolve("HEAD"));
    Optional<String> branch = Optional.empty();
    Optional<String> commit = Optional.empty();
    if (head.isPresent()) {
      String h = head.get();
      if (h.startsWith("ref:")) {
        String ref = h.substring(4).trim();
        branch = Optional.of(ref.startsWith("refs/heads/") ? ref.substring("refs/heads/".length()) : ref);
        commit = resolveRef(ref, gitDir, commonDir);
      } else if (h.matches("[0-9a-f]{40,64}")) {
        commit = Optional.of(h);
      }
    }
    Optional<String> remote = remoteUrl(commonDir.resolve("config")).flatMap(GitRemotes::normalise);
    return new GitInfo(root, remote, branch, commit, linked);
  }

  private static Optional<Path> gitDirFromFile(Path root, Path dotGit) {
    Optional<String> line = firstLine(dotGit);
    if (line.isEmpty() || !line.get().startsWith("gitdir:")) {
      return Optional.empty();
    }
    Path p = Path.of(line.get().substring("gitdir:".length()).trim());
    Path gitDir = p.isAbsolute() ? p : root.resolve(p).normalize();
    return Files.isDirectory(gitDir) ? Optional.of(gitDir) : Optional.empty();
  }

  private static Path commonDir(Path gitDir) {
    Optional<String> c = firstLine(gitDir.resolve("commondir"));
    if (c.isEmpty()) {
      return gitDir;
    }
    Path p = Path.of(c.get());
    return (p.isAbsolute() ? p : gitDir.resolve(p)).normalize();
  }

  private static Optional<String> resolveRef(String ref, Path gitDir, Path commonDir) {
    for (Path base : List.of(gitDir, commonDir)) {
      Optional<String> loose = firstLine(base.resolve(ref));
      if (loose.isPresent()) {
        return loose;
      }
    }
    try {
      Path packed = commonDir.resolve("packed-refs");
      if (Files.isRegularFile(packed)) {
        for (String line : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
          if (!line.startsWith("#") && !line.startsWith("^") && line.endsWith(" " + ref)) {
            return Optional.of(line.substring(0, line.indexOf(' ')));
          }
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** The URL of remote "origin", else of the first remote in the file. */
  static Optional<String> remoteUrl(Path config) {
    List<String> lines;
    try {
      if (!Files.isRegularFile(config)) {
        return Optional.empty();
      }
      lines = Files.readAllLines(config, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return Optional.empty();
    }
    String section = null;
    List<String[]> remotes = new ArrayList<>();
    for (String raw : lines) {
      String line = raw.trim();
      if (line.startsWith("[")) {
        section = line;
        continue;
      }
      if (section != null && section.startsWith("[remote ") && line.matches("url\\s*=.*")) {
        String name = section.substring("[remote ".length()).replace("]", "").replace("\"", "").trim();
        remotes.add(new String[] {name, line.substring(line.indexOf('=') + 1).trim()});
      }
    }
    return remotes.stream().filter(r -> r[0].equals("origin")).findFirst()
        .or(() -> remotes.stream().findFirst()).map(r -> r[1]);
  }

  private static Optional<String> firstLine(Path file) {
    try {
      if (!Files.isRegularFile(file)) {
        return Optional.empty();
      }
      String text = Files.readString(file, StandardCharsets.UTF_8).trim();
      int nl = text.indexOf('\n');
      String line = (nl < 0 ? text : text.substring(0, nl)).trim();
      return line.isEmpty() ? Optional.empty() : Optional.of(line);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
