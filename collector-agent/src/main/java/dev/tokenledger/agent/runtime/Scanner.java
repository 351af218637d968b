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
  private boolean inFileOrder;

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

  /**
   * Events reach the sink in file order, exactly as with one thread (the same events, the same
   * duplicates across files, the same counters), however many threads read: the threads parse,
   * check, attribute and prepare ({@link EventSink#prepare}) the files, and the scanning thread hands
   * each file's events to the sink in discovery order. At most a few files are read ahead.
   */
  public Scanner inFileOrder() {
    this.inFileOrder = true;
    return this;
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
    boolean ordered = inFileOrder && pool != null;
    // in file order, reading runs at most a few files ahead of the hand-over (bounded memory)
    int ahead = ordered ? Math.min(threads, pendingFiles) * 2 : Integer.MAX_VALUE;
    try {
      List<Future<FileRead>> reads = new ArrayList<>();
      int submitted = 0;
      for (int done = 0; done < work.size(); done++) {
        while (submitted < work.size() && submitted - done < ahead) {
          Map.Entry<UsageSource, Path> w = work.get(submitted++);
          Callable<FileRead> read = () -> {
            FileRead r = readFile(w.getKey(), w.getValue(), ordered);
            if (!ordered) {
              r.finish();
            }
            return r;
          };
          reads.add(pool == null ? completed(read) : pool.submit(read));
        }
        FileRead r = await(reads.get(done));
        reads.set(done, null);
        long read = ordered ? r.finish() : r.consumed;
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

  private static <T> Future<T> completed(Callable<T> read) {
    java.util.concurrent.CompletableFuture<T> f = new java.util.concurrent.CompletableFuture<>();
    try {
      f.complete(read.call());
    } catch (Exception e) {
      f.completeExceptionally(e);
    }
    return f;
  }

  private static <T> T await(Future<T> f) throws IOException {
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

  /**
   * One file's read, finished by {@link #finish()}: its deferred events handed to the sink, its
   * counters added to the summary, its checkpoint moved. Finished by the reading thread, or in file
   * order by the scanning thread ({@link #inFileOrder()}).
   */
  private final class FileRead {
    private final SourceTool tool;
    private final Path file;
    private final FileReadSink parseSink;
    private final FileCursor cursor;
    private final long size;
    private final long modified;
    private final boolean failed;
    final long consumed;

    /** Nothing read (nothing new, or the file vanished): nothing to finish but the counters. */
    FileRead(SourceTool tool, Path file, FileReadSink parseSink) {
      this(tool, file, parseSink, null, 0, 0, false, 0);
    }

    FileRead(SourceTool tool, Path file, FileReadSink parseSink, FileCursor cursor, long size, long modified,
        boolean failed, long consumed) {
      this.tool = tool;
      this.file = file;
      this.parseSink = parseSink;
      this.cursor = cursor;
      this.size = size;
      this.modified = modified;
      this.failed = failed;
      this.consumed = consumed;
    }

    /** Returns the bytes consumed. */
    long finish() throws IOException {
      if (parseSink == null) {
        return 0;
      }
      try {
        parseSink.handOver();
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      ScanSummary.PerSource counters = parseSink.counters();
      if (cursor != null && !failed) {
        counters.filesRead++;
        counters.bytesRead += consumed;
      }
      merge(tool, counters);
      if (cursor != null) {
        synchronized (commitLock) {
          uncommittedBytes += consumed;
          checkpoints.put(file, new FileCheckpoint(tool, cursor, size, modified, parseSink.fileLastEventTime(), failed));
        }
      }
      return consumed;
    }
  }

  /** Reads one file from its cursor (its events kept for the hand-over when {@code deferred}). */
  private FileRead readFile(UsageSource source, Path file, boolean deferred) throws SpoolFullException, IOException {
    SourceTool tool = source.tool();
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return new FileRead(tool, file, null); // deleted between discovery and now: nothing to read, forgotten next pass
    } catch (IOException e) {
      problem(tool, new ParseProblem(file, -1, ParseProblem.Kind.UNREADABLE, "cannot stat: " + e, ""));
      return new FileRead(tool, file, null);
    }
    long size = attrs.size();
    long modified = attrs.lastModifiedTime().toMillis();
    FileCheckpoint previous;
    synchronized (commitLock) {
      previous = checkpoints.get(file).orElse(null);
    }
    if (previous != null && previous.nothingToRead(size, modified)) {
      return new FileRead(tool, file, null);
    }
    FileCursor from = previous == null ? FileCursor.START : previous.cursor();
    FileReadSink parseSink = new FileReadSink(tool, file, previous == null ? null : previous.lastEventTime(),
        validator, attributor.get(), sink, this::problem, held -> {
          synchronized (summary) {
            summary.heldBack(held);
          }
        });
    if (deferred) {
      parseSink.deferred();
    }
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
      return new FileRead(tool, file, parseSink);
    } catch (AccessDeniedException e) {
      problem(tool, new ParseProblem(file, from.offset(), ParseProblem.Kind.UNREADABLE, "permission denied", ""));
      return new FileRead(tool, file, parseSink, from, size, modified, true, 0);
    } catch (IOException e) {
      problem(tool, new ParseProblem(file, from.offset(), ParseProblem.Kind.UNREADABLE, "read failed: " + e, ""));
      return new FileRead(tool, file, parseSink, from, size, modified, true, 0);
    } catch (RuntimeException e) {
      problem(tool, new ParseProblem(file, from.offset(), ParseProblem.Kind.UNSUPPORTED_FORMAT,
          "parser failed: " + e, ""));
      return new FileRead(tool, file, parseSink, from, size, modified, true, 0);
    }
    long consumed = next.offset() >= from.offset() ? next.offset() - from.offset() : next.offset();
    return new FileRead(tool, file, parseSink, next, size, modified, false, consumed);
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
