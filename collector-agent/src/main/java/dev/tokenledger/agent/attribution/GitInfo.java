package dev.tokenledger.agent.attribution;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What the agent knows about the git checkout of a working directory.
 *
 * @param root the worktree root (the directory holding {@code .git})
 * @param remote the normalised remote (origin first), if any
 * @param branch the checked-out branch, empty when HEAD is detached
 * @param commit the HEAD commit, if resolvable
 * @param linkedWorktree true for a {@code git worktree add} checkout (its {@code .git} is a file)
 */
public record GitInfo(Path root, Optional<String> remote, Optional<String> branch, Optional<String> commit,
    boolean linkedWorktree) {}
