package dev.tokenledger.agent.runtime;

import dev.tokenledger.agent.attribution.Attributor;
import dev.tokenledger.agent.checkpoint.CheckpointStore;
import dev.tokenledger.agent.checkpoint.FileCheckpoint;
import dev.tokenledger.agent.source.FileCursor;
import dev.tokenledger.agent.source.ParseProblem;
import dev.tokenledger.agent.source.ParseSink;
import dev.tokenledger.agent.source.ParsedUsage;
import dev.tokenledger.agent.source.SourceEnvironment;
import dev.tokenledger.agent.source.UsageSource;
import dev.tokenledger.agent.spool.SpoolFullException;
import dev.tokenledger.events.SourceTool;
import dev.tokenledger.events.UsageEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One pass over every source: discover → read each changed file from its cursor → attribute → sink
 * → (periodically) commit = sink fsync, then checkpoints. A file is skipped while its size and
 * modification time are what they were when last read and its parser consumed all of it (a parser
 * holding a not-yet-final record back gets the file again at every scan). Files that vanished are forgotten; files that
 * vanish mid-read, cannot be read or make a parser fail are quarantined with the reason and skipped
 * until they change; other files and sources go on. The order sink-commit-then-checkpoint means a
 * crash can only cause re-reading, which the deterministic ids and the dedup index make harmless.
 */
public final class Scanner {

  private final List<UsageSource> sources;
  private final SourceEnvironment environment;
  private final CheckpointStore checkpoints;
  private final boolean persistCheckpoints;
  private final Attributor attributor;
  private final EventSink sink;
  private final Quarantine quarantine;
  private final Duration commitInterval;
  private final long commitBytes;
  private final Clock clock;
  private final ScanSummary summary = new ScanSummary();
  private final List<Runnable> afterCommit = new ArrayList<>();
  private long uncommittedBytes;
  private Instant lastCommit;
  private Set<Path> watchedDirectories = Set.of();

  public Scanner(List<UsageSource> sources, SourceEnvironment environment, CheckpointStore checkpoints,
      boolean persistCheckpoints, Attributor attributor, EventSink sink, Quarantine quarantine,
      Duration commitInterval, long commitBytes, Clock clock) {
    this.sources = List.copyOf(sources);
    this.environment = environment;
    this.checkpoints = checkpoints;
    this.persistCheckpoints = persistCheckpoints;
    this.attributor = attributor;
    this.sink = sink;
    this.quarantine = quarantine;
    this.commitInterval = commitInterval;
    this.commitBytes = commitBytes;
    this.clock = clock;
    this.lastCommit = clock.instant();
  }

  /** Runs after every commit (e.g. to write the status file). */
  public void onCommit(Runnable r) {
    afterCommit.add(r);
  }

  public ScanSummary summary() {
    return summary;
  }

  /** Directories holding the files of the last scan (for a file-system watch). */
  public Set<Path> watchedDirectories() {
    return watchedDirectories;
  }

  /** One pass; returns false if it stopped early because the spool is full. */
  public boolean scanOnce(ScanProgress progress) throws IOException {
    Map<UsageSource, List<Path>> found = new LinkedHashMap<>();
    long files = 0;
    long bytes = 0;
    Set<Path> dirs = new HashSet<>();
    for (UsageSource source : sources) {
      List<Path> paths;
      try {
        paths = source.discover(environment);
      } catch (IOException | RuntimeException e) {
        problem(source.tool(), new ParseProblem(environment.home(), -1, ParseProblem.Kind.UNREADABLE,
            "cannot list " + source.tool() + " logs: " + e, ""));
        continue;
      }
      found.put(source, paths);
      summary.source(source.tool()).filesFound = paths.size();
      for (Path p : paths) {
        files++;
        if (p.getParent() != null) {
          dirs.add(p.getParent());
        }
        try {
          long size = Files.size(p);
          long offset = checkpoints.get(p).map(c -> c.cursor().offset()).orElse(0L);
          bytes += Math.max(0, size - offset);
        } catch (IOException e) {
          // handled when the file is read
        }
      }
      forgetVanished(source.tool(), paths);
    }
    watchedDirectories = dirs;
    progress.started(files, bytes);
    try {
      for (Map.Entry<UsageSource, List<Path>> e : found.entrySet()) {
        for (Path file : e.getValue()) {
          long read = readFile(e.getKey(), file);
          progress.fileDone(read, summary.events());
          if (uncommittedBytes >= commitBytes || !clock.instant().isBefore(lastCommit.plus(commitInterval))) {
            commit();
          }
        }
      }
    } catch (SpoolFullException full) {
      summary.spoolFull(full.getMessage());
      commit();
      return false;
    }
    commit();
    return true;
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

  /** Reads one file from its cursor; returns the bytes consumed. */
  private long readFile(UsageSource source, Path file) throws SpoolFullException, IOException {
    SourceTool tool = source.tool();
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return 0; // deleted between discovery and now: nothing to read, forgotten next pass
    } catch (IOException e) {
      problem(tool, new ParseProblem(file, -1, ParseProblem.Kind.UNREADABLE, "cannot stat: " + e, ""));
      return 0;
    }
    long size = attrs.size();
    long modified = attrs.lastModifiedTime().toMillis();
    FileCheckpoint previous = checkpoints.get(file).orElse(null);
    if (previous != null && previous.nothingToRead(size, modified)) {
      return 0;
    }
    FileCursor from = previous == null ? FileCursor.START : previous.cursor();
    Instant[] last = {previous == null ? null : previous.lastEventTime()};
    ScanSummary.PerSource counters = summary.source(tool);
    ParseSink parseSink = new ParseSink() {
      @Override
      public void usage(ParsedUsage usage) {
        UsageEvent event;
        try {
          event = attributor.attribute(usage);
        } catch (RuntimeException e) {
          Scanner.this.problem(tool, new ParseProblem(file, -1, ParseProblem.Kind.MISSING_FIELD,
              "cannot build an event: " + e.getMessage(), "dedupKey=" + usage.dedupKey()));
          return;
        }
        try {
          if (sink.accept(event)) {
            counters.events++;
            if (last[0] == null || usage.eventTime().isAfter(last[0])) {
              last[0] = usage.eventTime();
            }
            if (counters.lastEventTime == null || usage.eventTime().isAfter(counters.lastEventTime)) {
              counters.lastEventTime = usage.eventTime();
            }
          } else {
            counters.duplicates++;
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public void problem(ParseProblem problem) {
        Scanner.this.problem(tool, problem);
      }
    };
    FileCursor next;
    try {
      next = source.parserFor(file).read(file, from, parseSink);
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof SpoolFullException full) {
        throw full;
      }
      throw e.getCause();
    } catch (NoSuchFileException e) {
      problem(tool, new ParseProblem(file, from.offset(), ParseProblem.Kind.VANISHED, "file vanished while being read", ""));
      return 0;
    } catch (AccessDeniedException e) {
      problem(tool, new ParseProblem(file, from.offset(), ParseProblem.Kind.UNREADABLE, "permission denied", ""));
      checkpoints.put(file, new FileCheckpoint(tool, from, size, modified, last[0], true));
      return 0;
    } catch (IOException e) {
      problem(tool, new ParseProblem(file, from.offset(), ParseProblem.Kind.UNREADABLE, "read failed: " + e, ""));
      checkpoints.put(file, new FileCheckpoint(tool, from, size, modified, last[0], true));
      return 0;
    } catch (RuntimeException e) {
      problem(tool, new ParseProblem(file, from.offset(), ParseProblem.Kind.UNSUPPORTED_FORMAT,
          "parser failed: " + e, ""));
      checkpoints.put(file, new FileCheckpoint(tool, from, size, modified, last[0], true));
      return 0;
    }
    long consumed = next.offset() >= from.offset() ? next.offset() - from.offset() : next.offset();
    counters.filesRead++;
    counters.bytesRead += consumed;
    uncommittedBytes += consumed;
    checkpoints.put(file, new FileCheckpoint(tool, next, size, modified, last[0]));
    return consumed;
  }

  private void problem(SourceTool tool, ParseProblem p) {
    summary.problem(p.kind());
    quarantine.record(tool, p);
  }

  /** Sink fsync, then checkpoints (never the other way round). */
  public void commit() throws IOException {
    sink.commit();
    if (persistCheckpoints) {
      checkpoints.save();
    }
    uncommittedBytes = 0;
    lastCommit = clock.instant();
    afterCommit.forEach(Runnable::run);
  }
}
