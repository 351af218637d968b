package dev.tokenledger.agent.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitRepositoryReaderTest {

  static final String C1 = "1111111111111111111111111111111111111111";
  static final String C2 = "2222222222222222222222222222222222222222";

  @TempDir
  Path tmp;

  final GitRepositoryReader reader = new GitRepositoryReader();

  /** A repository at {@code root} with branch main at C1 (loose) and feature at C2 (packed). */
  static Path repo(Path root) throws IOException {
    Path git = root.resolve(".git");
    Files.createDirectories(git.resolve("refs/heads"));
    Files.writeString(git.resolve("HEAD"), "ref: refs/heads/main\n");
    Files.writeString(git.resolve("refs/heads/main"), C1 + "\n");
    Files.writeString(git.resolve("packed-refs"), "# pack-refs with: peeled fully-peeled sorted\n"
        + C2 + " refs/heads/feature/x\n^" + C1 + "\n");
    Files.writeString(git.resolve("config"), """
        [core]
        \trepositoryformatversion = 0
        [remote "upstream"]
        \turl = https://github.com/upstream/widgets.git
        [remote "origin"]
        \turl = git@github.com:acme/widgets.git
        \tfetch = +refs/heads/*:refs/remotes/origin/*
        [branch "main"]
        \tremote = origin
        """);
    return root;
  }

  @Test
  void readsBranchCommitAndOriginFromASubdirectory() throws IOException {
    Path root = repo(tmp.resolve("widgets"));
    Path sub = Files.createDirectories(root.resolve("src/main"));
    GitInfo info = reader.read(sub).orElseThrow();
    assertThat(info.root()).isEqualTo(root);
    assertThat(info.remote()).contains("github.com/acme/widgets");
    assertThat(info.branch()).contains("main");
    assertThat(info.commit()).contains(C1);
    assertThat(info.linkedWorktree()).isFalse();
  }

  @Test
  void resolvesPackedRefsAndDetachedHeads() throws IOException {
    Path root = repo(tmp.resolve("w"));
    Files.writeString(root.resolve(".git/HEAD"), "ref: refs/heads/feature/x\n");
    assertThat(reader.read(root).orElseThrow().commit()).contains(C2);
    assertThat(reader.read(root).orElseThrow().branch()).contains("feature/x");
    Files.writeString(root.resolve(".git/HEAD"), C2 + "\n");
    GitInfo detached = reader.read(root).orElseThrow();
    assertThat(detached.branch()).isEmpty();
    assertThat(detached.commit()).contains(C2);
  }

  @Test
  void linkedWorktreeTakesHeadFromItsGitDirAndRemoteFromTheCommonDir() throws IOException {
    Path main = repo(tmp.resolve("main"));
    Path wtGit = Files.createDirectories(main.resolve(".git/worktrees/hotfix"));
    Files.writeString(wtGit.resolve("HEAD"), "ref: refs/heads/hotfix\n");
    Files.writeString(wtGit.resolve("commondir"), "../..\n");
    Files.writeString(main.resolve(".git/refs/heads/hotfix"), C2 + "\n");
    Path worktree = Files.createDirectories(tmp.resolve("hotfix-checkout"));
    Files.writeString(worktree.resolve(".git"), "gitdir: " + wtGit + "\n");
    GitInfo info = reader.read(worktree).orElseThrow();
    assertThat(info.root()).isEqualTo(worktree);
    assertThat(info.linkedWorktree()).isTrue();
    assertThat(info.branch()).contains("hotfix");
    assertThat(info.commit()).contains(C2);
    assertThat(info.remote()).contains("github.com/acme/widgets");
  }

  @Test
  void relativeGitdirOfASubmoduleStyleCheckout() throws IOException {
    Path parent = repo(tmp.resolve("parent"));
    Path modGit = Files.createDirectories(parent.resolve(".git/modules/lib"));
    Files.writeString(modGit.resolve("HEAD"), C1 + "\n");
    Files.writeString(modGit.resolve("config"), "[remote \"origin\"]\n\turl = https://gitlab.com/acme/lib\n");
    Path lib = Files.createDirectories(parent.resolve("lib"));
    Files.writeString(lib.resolve(".git"), "gitdir: ../.git/modules/lib\n");
    GitInfo info = reader.read(lib).orElseThrow();
    assertThat(info.remote()).contains("gitlab.com/acme/lib");
    assertThat(info.commit()).contains(C1);
    assertThat(info.linkedWorktree()).isFalse();
  }

  @Test
  void noRepositoryOrAVanishedDirectoryGivesNothing() throws IOException {
    assertThat(reader.read(Files.createDirectories(tmp.resolve("plain")))).isEmpty();
    assertThat(reader.read(tmp.resolve("does/not/exist"))).isEmpty();
  }
}
