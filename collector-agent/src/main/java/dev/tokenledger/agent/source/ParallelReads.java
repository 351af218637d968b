package dev.tokenledger.agent.source;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Reads every log file of some sources from the start, several files at a time, and hands what they
 * hold to one {@link ParseSink} on the calling thread <em>in file order</em>: the sink sees exactly
 * what a one-thread loop {@code for each source, for each discovered file: parserFor(file).readWhole(file,
 * sink)} would show it (same requests, problems and held-back notes, same order), so a
 * caller's first-wins dedup across files (the Claude Code key is cross-file) stays exact. The
 * threads parse; the caller's sink runs on the calling thread only (it needs no locking). At most
 * {@code 2 × threads} files are read ahead of the sink (bounded memory).
 *
 * <p>For one-off reports over all history (e.g. a daily summary); the service's incremental scans
 * with checkpoints are the runtime's scanner. An I/O failure of one file is a problem of that file
 * ({@code UNREADABLE}, or {@code VANISHED} when it disappeared), after what was read before it; the
 * other files go on.
 */
public final class ParallelReads {

  private ParallelReads() {}

  /** A file to read and the source whose parser reads it. */
  public record Work(UsageSource source, Path file) {}

  /** The files of {@code sources} in scan order: source by source, each source's files as discovered (sorted). */
  public static List<Work> discover(List<UsageSource> sources, SourceEnvironment environment) throws IOException {
    List<Work> work = new ArrayList<>();
    for (UsageSource s : sources) {
      for (Path f : s.discover(environment)) {
        work.add(new Work(s, f));
      }
    }
    return work;
  }

  /** Threads for a one-off read: every core, at most four. */
  public static int defaultThreads() {
    return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
  }

  /** Discovers and reads every file of {@code sources}; see the class comment. */
  public static void readAll(List<UsageSource> sources, SourceEnvironment environment, int threads, ParseSink sink)
      throws IOException {
    readAll(discover(sources, environment), threads, sink);
  }

  /** Reads {@code work} in that order into {@code sink}; see the class comment. */
  public static void readAll(List<Work> work, int threads, ParseSink sink) throws IOException {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1: " + threads);
    }
    if (threads == 1 || work.size() < 2) {
      for (Work w : work) {
        read(w, sink);
      }
      return;
    }
    int ahead = 2 * threads;
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, work.size()), r -> {
      Thread t = new Thread(r, "tokenledger-read");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<Recorded>> reads = new ArrayList<>(work.size());
      int submitted = 0;
      for (int done = 0; done < work.size(); done++) {
        while (submitted < work.size() && submitted - done < ahead) {
          Work w = work.get(submitted++);
          reads.add(pool.submit(() -> {
            Recorded r = new Recorded();
            read(w, r);
            return r;
          }));
        }
        Recorded r = await(reads.get(done));
        reads.set(done, null);
        r.replay(sink);
      }
    } finally {
      pool.shutdownNow();
      try {
        pool.awaitTermination(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void read(Work w, ParseSink sink) {
    Path file = w.file();
    try {
      w.source().parserFor(file).readWhole(file, sink);
    } catch (NoSuchFileException e) {
      sink.problem(new ParseProblem(file, 0, ParseProblem.Kind.VANISHED, "file vanished while being read", ""));
    } catch (AccessDeniedException e) {
      sink.problem(new ParseProblem(file, 0, ParseProblem.Kind.UNREADABLE, "permission denied", ""));
    } catch (IOException e) {
      sink.problem(new ParseProblem(file, 0, ParseProblem.Kind.UNREADABLE, "read failed: " + e, ""));
    }
  }

  private static Recorded await(Future<Recorded> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("read interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** What one file's read handed over, in order. */
  private static final class Recorded implements ParseSink {
    private final List<Object> items = new ArrayList<>();

    @Override
    public void usage(ParsedUsage usage) {
      items.add(usage);
    }

    @Override
    public void problem(ParseProblem problem) {
      items.add(problem);
    }

    @Override
    public void heldBack(HeldBack held) {
      items.add(held);
    }

    void replay(ParseSink sink) {
      for (Object o : items) {
        if (o instanceof ParsedUsage u) {
          sink.usage(u);
        } else if (o instanceof ParseProblem p) {
          sink.problem(p);
        } else {
          sink.heldBack((HeldBack) o);
        }
      }
    }
  }
}
