package dev.tokenledger.agent.runtime;

import dev.tokenledger.agent.source.HeldBack;
import dev.tokenledger.agent.source.ParseProblem;
import dev.tokenledger.events.SourceTool;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** What scans found, per source (mutable, owned by the scanning thread). */
public final class ScanSummary {

  /** Per-source counters. */
  public static final class PerSource {
    public long filesFound;
    public long filesRead;
    public long bytesRead;
    public long events;
    public long duplicates;
    public Instant lastEventTime;
  }

  private final Map<SourceTool, PerSource> sources = new EnumMap<>(SourceTool.class);
  private final Map<ParseProblem.Kind, Long> problems = new EnumMap<>(ParseProblem.Kind.class);
  private final List<HeldBack> heldBack = new ArrayList<>();
  private boolean spoolFull;
  private String spoolFullMessage;

  public PerSource source(SourceTool tool) {
    return sources.computeIfAbsent(tool, t -> new PerSource());
  }

  public Map<SourceTool, PerSource> sources() {
    return sources;
  }

  void problem(ParseProblem.Kind kind) {
    problems.merge(kind, 1L, Long::sum);
  }

  public Map<ParseProblem.Kind, Long> problems() {
    return problems;
  }

  /** A new pass starts: what was held back is asked again. */
  void startPass() {
    heldBack.clear();
  }

  void heldBack(HeldBack held) {
    heldBack.add(held);
  }

  /** What the last pass held back because the files are still being written (not problems). */
  public List<HeldBack> heldBack() {
    return List.copyOf(heldBack);
  }

  /** Responses the last pass held back (files held whole are not counted here). */
  public long heldResponses() {
    return heldBack.stream().mapToLong(h -> Math.max(h.responses(), 0)).sum();
  }

  public long events() {
    return sources.values().stream().mapToLong(s -> s.events).sum();
  }

  public long duplicates() {
    return sources.values().stream().mapToLong(s -> s.duplicates).sum();
  }

  public long filesRead() {
    return sources.values().stream().mapToLong(s -> s.filesRead).sum();
  }

  public long bytesRead() {
    return sources.values().stream().mapToLong(s -> s.bytesRead).sum();
  }

  public long problemCount() {
    return problems.values().stream().mapToLong(Long::longValue).sum();
  }

  void spoolFull(String message) {
    spoolFull = true;
    spoolFullMessage = message;
  }

  public boolean spoolFull() {
    return spoolFull;
  }

  public String spoolFullMessage() {
    return spoolFullMessage;
  }
}
