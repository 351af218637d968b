package dev.tokenledger.agent.local;

import dev.tokenledger.agent.source.HeldBack;
import dev.tokenledger.agent.source.ParallelReads;
import dev.tokenledger.agent.source.ParseProblem;
import dev.tokenledger.agent.source.ParseSink;
import dev.tokenledger.agent.source.ParsedUsage;
import dev.tokenledger.agent.source.SourceEnvironment;
import dev.tokenledger.agent.source.UsageSource;
import dev.tokenledger.agent.validation.UsageValidator;
import dev.tokenledger.events.SourceTool;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads every log of every source once, as {@code backfill --dry-run} does, without Kafka, a spool or
 * checkpoints: the same sources and parsers (so the same in-file rules for Claude's streaming copies and
 * side-chains), the same usage limits (a request outside them is a problem, never counted), and the same
 * de-duplication across files (one request per source and dedup key, the first in file order — the key the
 * event id is derived from). Files are parsed in parallel and merged in file order, so the result does not
 * depend on the thread count ({@link ParallelReads}, the one parallel read of the agent). A file that cannot be
 * read is counted as a problem; the others go on.
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

  /** Reads everything, handing each distinct request to {@code into} in file order (on the calling thread). */
  public Outcome read(Consumer<ParsedUsage> into) throws IOException {
    List<ParallelReads.Work> work = new ArrayList<>();
    long undiscoverable = 0;
    for (UsageSource s : sources) {
      try {
        for (Path p : s.discover(environment)) {
          work.add(new ParallelReads.Work(s, p));
        }
      } catch (IOException | RuntimeException e) {
        undiscoverable++;   // one source's directory that cannot be listed; the other sources go on
      }
    }
    Distinct distinct = new Distinct(validator, into);
    ParallelReads.readAll(work, threads, distinct);
    return new Outcome(work.size(), distinct.requests, distinct.duplicates, undiscoverable + distinct.problems,
        distinct.heldBack);
  }

  /** On the calling thread: requests within the limits, the first copy per source and dedup key, counted. */
  private static final class Distinct implements ParseSink {
    private final UsageValidator validator;
    private final Consumer<ParsedUsage> into;
    private final Map<SourceTool, Set<String>> seen = new EnumMap<>(SourceTool.class);
    long requests;
    long duplicates;
    long problems;
    long heldBack;

    Distinct(UsageValidator validator, Consumer<ParsedUsage> into) {
      this.validator = validator;
      this.into = into;
    }

    @Override
    public void usage(ParsedUsage usage) {
      if (!validator.check(usage).isEmpty()) {
        problems++;
      } else if (seen.computeIfAbsent(usage.source(), k -> new HashSet<>()).add(usage.dedupKey())) {
        requests++;
        into.accept(usage);
      } else {
        duplicates++;
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
}
