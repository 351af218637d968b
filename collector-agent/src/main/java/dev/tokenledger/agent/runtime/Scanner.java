package dev.tokenledger.agent.runtime;

import dev.tokenledger.agent.attribution.Attributor;
import dev.tokenledger.agent.checkpoint.CheckpointStore;
import dev.tokenledger.agent.checkpoint.FileCheckpoint;
import dev.tokenledger.agent.source.FileCursor;
import dev.tokenledger.agent.source.ParseProblem;
import dev.tokenledger.agent.source.SourceEnvironment;
import dev.tokenledger.agent.source.UsageSource;
import dev.tokenledger.agent.spool.SpoolFullException;
import dev.tokenledger.agent.validation.UsageValidator;
import dev.tokenledger.events.SourceTool;
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
 *
 * <p>This class runs the pass (files read in parallel, commits, failures per file); listing the
 * files is {@link FileDiscovery}, the path of each request read from a file {@link FileReadSink}.
 */
public final class Scanner {

  private final FileDiscovery discovery;
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
    this.discovery = new FileDiscovery(sources, environment, checkpoints);
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
    FileDiscovery.Found found = discovery.discover(this::problem);
    found.filesFound().forEach((tool, n) -> summary.source(tool).filesFound = n);
    watchedDirectories = found.directories();
    progress.started(found.files(), found.unreadBytes());
    List<Map.Entry<UsageSource, Path>> work = found.work();
    int pendingFiles = found.pendingFiles();
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
    FileReadSink parseSink = new FileReadSink(tool, file, previous == null ? null : previous.lastEventTime(),
        validator, attributor.get(), sink, this::problem, held -> {
          synchronized (summary) {
            summary.heldBack(held);
          }
        });
    ScanSummary.PerSource counters = parseSink.counters();
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
      failed(file, new FileCheckpoint(tool, from, size, modified, parseSink.fileLastEventTime(), true), tool, counters);
      return 0;
    } catch (IOException e) {
      problem(tool, new ParseProblem(file, from.offset(), ParseProblem.Kind.UNREADABLE, "read failed: " + e, ""));
      failed(file, new FileCheckpoint(tool, from, size, modified, parseSink.fileLastEventTime(), true), tool, counters);
      return 0;
    } catch (RuntimeException e) {
      problem(tool, new ParseProblem(file, from.offset(), ParseProblem.Kind.UNSUPPORTED_FORMAT,
          "parser failed: " + e, ""));
      failed(file, new FileCheckpoint(tool, from, size, modified, parseSink.fileLastEventTime(), true), tool, counters);
      return 0;
    }
    long consumed = next.offset() >= from.offset() ? next.offset() - from.offset() : next.offset();
    counters.filesRead++;
    counters.bytesRead += consumed;
    merge(tool, counters);
    synchronized (commitLock) {
      uncommittedBytes += consumed;
      checkpoints.put(file, new FileCheckpoint(tool, next, size, modified, parseSink.fileLastEventTime()));
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
