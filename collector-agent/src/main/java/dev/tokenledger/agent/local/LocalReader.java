package dev.tokenledger.agent.local;

import dev.tokenledger.agent.source.FileCursor;
import dev.tokenledger.agent.source.HeldBack;
import dev.tokenledger.agent.source.ParseProblem;
import dev.tokenledger.agent.source.ParseSink;
import dev.tokenledger.agent.source.ParsedUsage;
import dev.tokenledger.agent.source.SourceEnvironment;
import dev.tokenledger.agent.source.UsageSource;
import dev.tokenledger.agent.validation.UsageValidator;
import dev.tokenledger.events.SourceTool;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Reads every log of every source once, as {@code backfill --dry-run} does, without Kafka, a spool or
 * checkpoints: the same sources and parsers (so the same in-file rules for Claude's streaming copies and
 * side-chains), the same usage limits (a request outside them is a problem, never counted), and the same
 * de-duplication across files (one request per source and dedup key, the first in file order — the key the
 * event id is derived from). Files are parsed in parallel and merged in file order, so the result does not
 * depend on the thread count. A file that cannot be read or parsed is counted as a problem; the others go on.
 */
public final class LocalReader {

  /** What a read found: files, requests counted, copies dropped, problems, responses held back. */
  public record Outcome(long files, long requests, long duplicates, long problems, long heldBack) {}

  private final List<UsageSource> sources;
  private final SourceEnvironment environment;
  private final UsageValidator validator;
  private final int threads;

  public LocalReader(List<UsageSource> sources, SourceEnvironment environment, UsageValidator validator, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1: " + threads);
    }
    this.sources = List.copyOf(sources);
    this.environment = environment;
    this.validator = validator;
    this.threads = threads;
  }

  /** One file's read: its requests within the limits, in file order, and its counters. */
  private static final class FileRead implements ParseSink {
    final List<ParsedUsage> usages = new ArrayList<>();
    final UsageValidator validator;
    long problems;
    long heldBack;

    FileRead(UsageValidator validator) {
      this.validator = validator;
    }

    @Override
    public void usage(ParsedUsage usage) {
      if (validator.check(usage).isEmpty()) {
        usages.add(usage);
      } else {
        problems++;
      }
    }

    @Override
    public void problem(ParseProblem problem) {
      problems++;
    }

    @Override
    public void heldBack(HeldBack held) {
      heldBack += Math.max(held.responses(), 1);
    }
  }

  /** Reads everything, handing each distinct request to {@code into} in file order (on the calling thread). */
  public Outcome read(Consumer<ParsedUsage> into) throws IOException {
    List<Map.Entry<UsageSource, Path>> work = new ArrayList<>();
    long problems = 0;
    for (UsageSource s : sources) {
      try {
        for (Path p : s.discover(environment)) {
          work.add(Map.entry(s, p));
        }
      } catch (IOException | RuntimeException e) {
        problems++;
      }
    }
    Map<SourceTool, Set<String>> seen = new EnumMap<>(SourceTool.class);
    long requests = 0;
    long duplicates = 0;
    long heldBack = 0;
    int parallel = Math.min(threads, Math.max(1, work.size()));
    ExecutorService pool = parallel > 1 ? Executors.newFixedThreadPool(parallel, r -> {
      Thread t = new Thread(r, "tokenledger-local-read");
      t.setDaemon(true);
      return t;
    }) : null;
    try {
      ArrayDeque<Future<FileRead>> inFlight = new ArrayDeque<>();
      int next = 0;
      while (next < work.size() || !inFlight.isEmpty()) {
        while (next < work.size() && (pool == null ? inFlight.isEmpty() : inFlight.size() < parallel * 2)) {
          Map.Entry<UsageSource, Path> w = work.get(next++);
          inFlight.add(pool == null ? completed(readFile(w.getKey(), w.getValue())) : pool.submit(() -> readFile(w.getKey(), w.getValue())));
        }
        FileRead read = await(inFlight.poll());
        problems += read.problems;
        heldBack += read.heldBack;
        for (ParsedUsage u : read.usages) {
          if (seen.computeIfAbsent(u.source(), k -> new HashSet<>()).add(u.dedupKey())) {
            requests++;
            into.accept(u);
          } else {
            duplicates++;
          }
        }
      }
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
    return new Outcome(work.size(), requests, duplicates, problems, heldBack);
  }

  private FileRead readFile(UsageSource source, Path file) {
    FileRead read = new FileRead(validator);
    try {
      source.parserFor(file).read(file, FileCursor.START, read);
    } catch (IOException | RuntimeException e) {
      read.problems++;   // unreadable, vanished or a parser failure: this file's requests so far still count
    }
    return read;
  }

  private static Future<FileRead> completed(FileRead read) {
    return java.util.concurrent.CompletableFuture.completedFuture(read);
  }

  private static FileRead await(Future<FileRead> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("read interrupted");
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }
}
