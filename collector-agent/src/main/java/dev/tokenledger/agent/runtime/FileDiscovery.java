package dev.tokenledger.agent.runtime;

import dev.tokenledger.agent.checkpoint.CheckpointStore;
import dev.tokenledger.agent.checkpoint.FileCheckpoint;
import dev.tokenledger.agent.source.ParseProblem;
import dev.tokenledger.agent.source.SourceEnvironment;
import dev.tokenledger.agent.source.UsageSource;
import dev.tokenledger.events.SourceTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The first step of a scan: lists every source's log files, estimates the work (files, unread bytes,
 * files that may have something to read) and forgets the checkpoints of files that are gone. A
 * source whose logs cannot be listed is a problem ({@code UNREADABLE}); the other sources go on.
 * Runs before any file is read, on the scanning thread.
 */
final class FileDiscovery {

  /**
   * What one discovery found.
   *
   * @param work every file with its source, in source order then the source's order
   * @param filesFound the number of files per source that could be listed
   * @param files all files
   * @param unreadBytes bytes after the files' cursors
   * @param pendingFiles files that may have something to read (changed since read, or never read)
   * @param directories the directories holding the files (for a file-system watch)
   */
  record Found(List<Map.Entry<UsageSource, Path>> work, Map<SourceTool, Integer> filesFound, long files,
      long unreadBytes, int pendingFiles, Set<Path> directories) {}

  private final List<UsageSource> sources;
  private final SourceEnvironment environment;
  private final CheckpointStore checkpoints;

  FileDiscovery(List<UsageSource> sources, SourceEnvironment environment, CheckpointStore checkpoints) {
    this.sources = List.copyOf(sources);
    this.environment = environment;
    this.checkpoints = checkpoints;
  }

  Found discover(BiConsumer<SourceTool, ParseProblem> problems) {
    List<Map.Entry<UsageSource, Path>> work = new ArrayList<>();
    Map<SourceTool, Integer> filesFound = new LinkedHashMap<>();
    long files = 0;
    long bytes = 0;
    int pendingFiles = 0;
    Set<Path> dirs = new HashSet<>();
    for (UsageSource source : sources) {
      List<Path> paths;
      try {
        paths = source.discover(environment);
      } catch (IOException | RuntimeException e) {
        problems.accept(source.tool(), new ParseProblem(environment.home(), -1, ParseProblem.Kind.UNREADABLE,
            "cannot list " + source.tool() + " logs: " + e, ""));
        continue;
      }
      filesFound.put(source.tool(), paths.size());
      for (Path p : paths) {
        work.add(Map.entry(source, p));
        files++;
        if (p.getParent() != null) {
          dirs.add(p.getParent());
        }
        try {
          BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
          FileCheckpoint c = checkpoints.get(p).orElse(null);
          long offset = c == null ? 0 : c.cursor().offset();
          bytes += Math.max(0, a.size() - offset);
          if (c == null || !c.nothingToRead(a.size(), a.lastModifiedTime().toMillis())) {
            pendingFiles++;
          }
        } catch (IOException e) {
          pendingFiles++; // handled when the file is read
        }
      }
      forgetVanished(source.tool(), paths);
    }
    return new Found(work, filesFound, files, bytes, pendingFiles, dirs);
  }

  private void forgetVanished(SourceTool tool, List<Path> present) {
    Set<String> names = new HashSet<>();
    present.forEach(p -> names.add(p.toString()));
    List<String> gone = new ArrayList<>();
    checkpoints.all().forEach((path, c) -> {
      if (c.source() == tool && !names.contains(path)) {
        gone.add(path);
      }
    });
    gone.forEach(checkpoints::remove);
  }
}
