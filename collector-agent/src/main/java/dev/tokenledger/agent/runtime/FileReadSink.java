package dev.tokenledger.agent.runtime;

import dev.tokenledger.agent.attribution.Attributor;
import dev.tokenledger.agent.source.HeldBack;
import dev.tokenledger.agent.source.ParseProblem;
import dev.tokenledger.agent.source.ParseSink;
import dev.tokenledger.agent.source.ParsedUsage;
import dev.tokenledger.agent.validation.UsageValidator;
import dev.tokenledger.events.SourceTool;
import dev.tokenledger.events.UsageEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Where the requests of one file read go: each is checked against the usage limits (outside them:
 * an {@code OUT_OF_LIMITS} problem, never an event), attributed (failing: a {@code MISSING_FIELD}
 * problem) and handed to the event sink, which tells new events from duplicates. Keeps the read's
 * counters and the file's latest event time. A sink failure (e.g. the spool is full) is thrown as an
 * {@link UncheckedIOException} through the parser, for the scanner to unwrap.
 */
final class FileReadSink implements ParseSink {

  private final SourceTool tool;
  private final Path file;
  private final UsageValidator validator;
  private final Attributor attributor;
  private final EventSink sink;
  private final BiConsumer<SourceTool, ParseProblem> problems;
  private final Consumer<HeldBack> heldBack;
  private final ScanSummary.PerSource counters = new ScanSummary.PerSource();
  private Instant fileLastEventTime;
  /** Events read but not yet handed to the sink (a scan in file order), else null. */
  private List<Deferred> deferred;

  private record Deferred(UsageEvent event, Object prepared, Instant time) {}

  FileReadSink(SourceTool tool, Path file, Instant fileLastEventTime, UsageValidator validator, Attributor attributor,
      EventSink sink, BiConsumer<SourceTool, ParseProblem> problems, Consumer<HeldBack> heldBack) {
    this.tool = tool;
    this.file = file;
    this.fileLastEventTime = fileLastEventTime;
    this.validator = validator;
    this.attributor = attributor;
    this.sink = sink;
    this.problems = problems;
    this.heldBack = heldBack;
  }

  @Override
  public void usage(ParsedUsage usage) {
    List<String> invalid = validator.check(usage);
    if (!invalid.isEmpty()) {
      problems.accept(tool, new ParseProblem(file, -1, ParseProblem.Kind.OUT_OF_LIMITS,
          "request not published: " + String.join("; ", invalid), "dedupKey=" + usage.dedupKey()));
      return;
    }
    UsageEvent event;
    try {
      event = attributor.attribute(usage, dev.tokenledger.events.CountsOrigin.LOG_FILE);
    } catch (RuntimeException e) {
      problems.accept(tool, new ParseProblem(file, -1, ParseProblem.Kind.MISSING_FIELD,
          "cannot build an event: " + e.getMessage(), "dedupKey=" + usage.dedupKey()));
      return;
    }
    if (deferred != null) {
      deferred.add(new Deferred(event, sink.prepare(event), usage.eventTime()));
      return;
    }
    try {
      counted(sink.accept(event), usage.eventTime());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void counted(boolean isNew, Instant time) {
    if (isNew) {
      counters.events++;
      if (fileLastEventTime == null || time.isAfter(fileLastEventTime)) {
        fileLastEventTime = time;
      }
      if (counters.lastEventTime == null || time.isAfter(counters.lastEventTime)) {
        counters.lastEventTime = time;
      }
    } else {
      counters.duplicates++;
    }
  }

  /**
   * From now on events are checked, attributed and prepared ({@link EventSink#prepare}) but kept
   * until {@link #handOver()}: the reading thread does the work, the thread that keeps file order
   * decides new or duplicate.
   */
  FileReadSink deferred() {
    deferred = new ArrayList<>();
    return this;
  }

  /** Hands the kept events to the sink in the order they were read (no-op unless {@link #deferred()}). */
  void handOver() throws IOException {
    if (deferred == null) {
      return;
    }
    List<Deferred> events = deferred;
    deferred = null;
    for (Deferred d : events) {
      counted(sink.accept(d.event(), d.prepared()), d.time());
    }
  }

  @Override
  public void problem(ParseProblem problem) {
    problems.accept(tool, problem);
  }

  @Override
  public void heldBack(HeldBack held) {
    heldBack.accept(held);
  }

  /** This read's counters (events, duplicates, latest event time); the caller adds files and bytes read. */
  ScanSummary.PerSource counters() {
    return counters;
  }

  /** The latest event time of the file: its checkpoint's, or a later one spooled by this read. */
  Instant fileLastEventTime() {
    return fileLastEventTime;
  }
}
