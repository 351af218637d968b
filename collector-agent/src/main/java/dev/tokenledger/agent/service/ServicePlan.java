package dev.tokenledger.agent.service;

import java.nio.file.Path;
import java.util.List;

/**
 * What installing or uninstalling does, in order: copy the program, write files (unit or plist, config
 * template), remove files, then run the service manager's commands. Computed without touching anything,
 * so {@code --dry-run} prints exactly what a real run does.
 *
 * @param copies files to copy (the jar and its libraries), source → target
 * @param writes files to write with their content and whether an existing file is kept
 * @param deletes files and directories to remove (recursively)
 * @param commands commands to run, each as its arguments
 * @param notes lines for the user (what is kept, where the logs are)
 */
public record ServicePlan(List<Copy> copies, List<Write> writes, List<Path> deletes, List<List<String>> commands,
    List<String> notes) {

  /** A file copy. */
  public record Copy(Path from, Path to) {}

  /**
   * A file to write.
   *
   * @param keepExisting true for the config template: an existing file is left as it is
   * @param executable whether the file gets the owner's execute bit
   */
  public record Write(Path path, String content, boolean keepExisting, boolean executable) {}

  public ServicePlan {
    copies = List.copyOf(copies);
    writes = List.copyOf(writes);
    deletes = List.copyOf(deletes);
    commands = commands.stream().map(List::copyOf).toList();
    notes = List.copyOf(notes);
  }
}
