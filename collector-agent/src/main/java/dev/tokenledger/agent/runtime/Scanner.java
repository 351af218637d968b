package dev.tokenledger.agent.runtime;

import dev.tokenledger.agent.attribution.Attributor;
import dev.tokenledger.agent.checkpoint.CheckpointStore;
import dev.tokenledger.agent.checkpoint.FileCheckpoint;
import dev.tokenledger.agent.source.FileCursor;
import dev.tokenledger.agent.source.HeldBack;
import dev.tokenledger.agent.source.ParseProblem;
import dev.tokenledger.agent.source.ParseSink;
import dev.tokenledger.agent.source.ParsedUsage;
import dev.tokenledger.agent.source.SourceEnvironment;
import dev.tokenledger.agent.source.UsageSource;
import dev.tokenledger.agent.spool.SpoolFullException;
import dev.tokenledger.agent.validation.UsageValidator;
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
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One pass over every source: discover → read each changed file from its cursor → attribute → sink
 * → (periodically) commit = sink fsync, then checkpoints. A file is skipped while its size and
 * modification time are what they were when last read and its parser consumed all of it (a parser
 * holding a not-yet-final record back gets the file again at every scan). Files that vanished are forgotten; files that
 * vanish mid-read, cannot be read or make a parser fail are quarantined with the reason and skipped
 * until they change; other files and sources go on. Every request is checked against the usage
 * limits ({@link UsageValidator}) before it is attributed: one outside them is a problem
 * ({@code OUT_OF_LIMITS}), never an event. The order sink-commit-then-checkpoint means a
 * crash can only cause re-reading, which the deterministic ids and the dedup index make harmless.
 */
public final class Scanner {

  private final List<UsageSource> sources;
  private final SourceEnvironment environment;
  private final CheckpointStore checkpoints;
  private final boolean persistCheckpoints;
  private final ThreadLocal<Attributor> attributor;
  private final int threads;
  private final Object commitLock = new Object();
  private final EventSink sink;
  private final UsageValidator validator;
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
      boolean persistCheckpoints, Supplier<Attributor> attributors, int threads, EventSink sink,
      UsageValidator validator, Quarantine quarantine, Duration commitInterval, long commitBytes, Clock clock) {
    this.sources = List.copyOf(sources);
    this.environment = environment;
    this.checkpoints = checkpoints;
    this.persistCheckpoints = persistCheckpoints;
    this.attributor = ThreadLocal.withInitial(attributors);
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1: " + threads);
    }
    this.threads = threads;
    this.sink = sink;
    this.validator = java.util.Objects.requireNonNull(validator, "validator");
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
    synchronized (summary) {
      summary.startPass();
    }
    Map<UsageSource, List<Path>> found = new LinkedHashMap<>();
    long files = 0;
    long bytes = 0;
    int pendingFiles = 0;
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
    watchedDirectories = dirs;
    progress.started(files, bytes);
    List<Map.Entry<UsageSource, Path>> work = new ArrayList<>();
    found.forEach((source, paths) -> paths.forEach(p -> work.add(Map.entry(source, p))));
    ExecutorService pool = threads > 1 && pendingFiles > 1
        ? Executors.newFixedThreadPool(Math.min(threads, pendingFiles), r -> {
          Thread t = new Thread(r, "tokenledger-scan");
          t.setDaemon(true);
          return t;
        })
        : null;
    try {
      List<Future<Long>> reads = new ArrayList<>();
      for (Map.Entry<UsageSource, Path> w : work) {
        Callable<Long> read = () -> readFile(w.getKey(), w.getValue());
        reads.add(pool == null ? completed(read) : pool.submit(read));
      }
      for (Future<Long> f : reads) {
        long read = await(f);
        progress.fileDone(read, summary.events());
        if (uncommitted() >= commitBytes || !clock.instant().isBefore(lastCommit.plus(commitInterval))) {
          commit();
        }
      }
    } catch (SpoolFullException full) {
      if (pool != null) {
        pool.shutdownNow();
        awaitQuietly(pool);
      }
      summary.spoolFull(full.getMessage());
      commit();
      return false;
    } finally {
      if (pool != null) {
        pool.shutdown();
        awaitQuietly(pool);
      }
    }
    commit();
    return true;
  }

  private static Future<Long> completed(Callable<Long> read) {
    java.util.concurrent.CompletableFuture<Long> f = new java.util.concurrent.CompletableFuture<>();
    try {
      f.complete(read.call());
    } catch (Exception e) {
      f.completeExceptionally(e);
    }
    return f;
  }

  private static long await(Future<Long> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("scan interrupted");
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException io) {
        throw io;
      }
      if (c instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(c);
    }
  }

  private static void awaitQuietly(ExecutorService pool) {
    try {
      pool.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private long uncommitted() {
    synchronized (commitLock) {
      return uncommittedBytes;
    }
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
    FileCheckpoint previous;
    synchronized (commitLock) {
      previous = checkpoints.get(file).orElse(null);
    }
    if (previous != null && previous.nothingToRead(size, modified)) {
      return 0;
    }
    FileCursor from = previous == null ? FileCursor.START : previous.cursor();
    Instant[] last = {previous == null ? null : previous.lastEventTime()};
    ScanSummary.PerSource counters = new ScanSummary.PerSource();
    Attributor attributor = this.attributor.get();
    ParseSink parseSink = new ParseSink() {
      @Override
      public void usage(ParsedUsage usage) {
        List<String> invalid = validator.check(usage);
        if (!invalid.isEmpty()) {
          Scanner.this.problem(tool, new ParseProblem(file, -1, ParseProblem.Kind.OUT_OF_LIMITS,
              "request not published: " + String.join("; ", invalid), "dedupKey=" + usage.dedupKey()));
          return;
        }
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

      @Override
      public void heldBack(HeldBack held) {
        synchronized (summary) {
          summary.heldBack(held);
        }
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
      merge(tool, counters);
      return 0;
    } catch (AccessDeniedException e) {
      problem(tool, new ParseProblem(file, from.offset(), ParseProblem.Kind.UNREADABLE, "permission denied", ""));
      failed(file, new FileCheckpoint(tool, from, size, modified, last[0], true), tool, counters);
      return 0;
    } catch (IOException e) {
      problem(tool, new ParseProblem(file, from.offset(), ParseProblem.Kind.UNREADABLE, "read failed: " + e, ""));
      failed(file, new FileCheckpoint(tool, from, size, modified, last[0], true), tool, counters);
      return 0;
    } catch (RuntimeException e) {
      problem(tool, new ParseProblem(file, from.offset(), ParseProblem.Kind.UNSUPPORTED_FORMAT,
          "parser failed: " + e, ""));
      failed(file, new FileCheckpoint(tool, from, size, modified, last[0], true), tool, counters);
      return 0;
    }
    long consumed = next.offset() >= from.offset() ? next.offset() - from.offset() : next.offset();
    counters.filesRead++;
    counters.bytesRead += consumed;
    merge(tool, counters);
    synchronized (commitLock) {
      uncommittedBytes += consumed;
      checkpoints.put(file, new FileCheckpoint(tool, next, size, modified, last[0]));
    }
    return consumed;
  }

  private void merge(SourceTool tool, ScanSummary.PerSource c) {
    synchronized (summary) {
      ScanSummary.PerSource total = summary.source(tool);
      total.filesRead += c.filesRead;
      total.bytesRead += c.bytesRead;
      total.events += c.events;
      total.duplicates += c.duplicates;
      if (c.lastEventTime != null && (total.lastEventTime == null || c.lastEventTime.isAfter(total.lastEventTime))) {
        total.lastEventTime = c.lastEventTime;
      }
    }
  }

  private void failed(Path file, FileCheckpoint checkpoint, SourceTool tool, ScanSummary.PerSource counters) {
    merge(tool, counters);
    synchronized (commitLock) {
      checkpoints.put(file, checkpoint);
    }
  }

  private void problem(SourceTool tool, ParseProblem p) {
    synchronized (summary) {
      summary.problem(p.kind());
    }
    quarantine.record(tool, p);
  }

  /** Sink fsync, then checkpoints (never the other way round). */
  public void commit() throws IOException {
    synchronized (commitLock) { // no checkpoint may move between the sink's sync and the save
      sink.commit();
      if (persistCheckpoints) {
        checkpoints.save();
      }
      uncommittedBytes = 0;
    }
    lastCommit = clock.instant();
    afterCommit.forEach(Runnable::run);
  }
}
