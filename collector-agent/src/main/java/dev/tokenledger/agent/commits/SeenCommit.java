package dev.tokenledger.agent.commits;

import java.time.Instant;
import java.util.Objects;

/**
 * A commit made in a session's repository while the session ran, as counts only: no message, no author
 * name, no file path, no content (ADR 0620).
 *
 * @param hash the commit id
 * @param committed the committer time
 * @param linesAdded lines added over its text files ({@code git log --numstat}; binary files count 0)
 * @param linesRemoved lines removed
 * @param filesChanged files changed, binary ones included
 */
public record SeenCommit(String hash, Instant committed, long linesAdded, long linesRemoved, int filesChanged) {

  public SeenCommit {
    if (hash == null || !hash.matches("[0-9a-f]{40}|[0-9a-f]{64}")) {
      throw new IllegalArgumentException("not a commit id: " + hash);
    }
    Objects.requireNonNull(committed, "committed");
    if (linesAdded < 0 || linesRemoved < 0 || filesChanged < 0) {
      throw new IllegalArgumentException("negative counts");
    }
  }
}
