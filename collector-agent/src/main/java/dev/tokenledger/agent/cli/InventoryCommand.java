package dev.tokenledger.agent.cli;

import dev.tokenledger.agent.commits.GitCommitLog;
import dev.tokenledger.agent.commits.SeenCommit;
import dev.tokenledger.agent.inventory.ConfiguredMcpServer;
import dev.tokenledger.agent.inventory.McpInventoryReader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * Shows what the agent's efficiency inputs would report from this machine (ADR 0620): the NAMES of the
 * MCP servers configured in the assistants' settings and, for a repository and a time window, the
 * commits of one author as counts. Reads only; publishes nothing (`run` and `backfill` publish these: EfficiencyTasks).
 */
@Command(name = "inventory", mixinStandardHelpOptions = true,
    description = "Show the names of the MCP servers configured in the assistants' settings (never their commands, environment or "
        + "URLs) and, with --repo, an author's commits in a window as line counts. Publishes nothing.")
public final class InventoryCommand implements Callable<Integer> {

  @ParentCommand
  AgentContext main;

  @Option(names = "--repo", paramLabel = "DIR", description = "a repository to list commits of (with --author, --since, --until)")
  Path repo;

  @Option(names = "--author", paramLabel = "EMAIL", description = "the author e-mail whose commits count")
  String author;

  @Option(names = "--since", paramLabel = "INSTANT", description = "window start, e.g. 2026-11-02T09:00:00Z")
  Instant since;

  @Option(names = "--until", paramLabel = "INSTANT", description = "window end (default: now)")
  Instant until;

  @Override
  public Integer call() {
    PrintStream out = main.out();
    McpInventoryReader.Inventory inventory = new McpInventoryReader(main.environment()).read();
    out.println("MCP servers configured (names only):");
    if (inventory.servers().isEmpty()) {
      out.println("  none found");
    }
    for (ConfiguredMcpServer s : new java.util.TreeSet<>(inventory.servers())) {
      out.println("  " + s.source() + "  " + s.server());
    }
    inventory.problems().forEach(p -> out.println("  skipped " + p));
    if (repo == null) {
      return ExitCodes.OK;
    }
    if (author == null || since == null) {
      out.println("--repo needs --author and --since");
      return ExitCodes.USAGE;
    }
    GitCommitLog.Result r = new GitCommitLog("git", Duration.ofSeconds(10))
        .commits(repo, author, since, until != null ? until : Instant.now());
    out.println("Commits of " + author + " (counts only):");
    r.problem().ifPresent(p -> out.println("  none: " + p));
    for (SeenCommit c : r.commits()) {
      out.println("  " + c.hash().substring(0, 12) + "  " + c.committed() + "  +" + c.linesAdded() + " -" + c.linesRemoved() + "  "
          + c.filesChanged() + " files");
    }
    return ExitCodes.OK;
  }
}
