package dev.tokenledger.agent.source;

import java.util.ArrayList;
import java.util.List;

/** A sink that keeps everything, for tests. */
public final class CollectingSink implements ParseSink {

  public final List<ParsedUsage> usages = new ArrayList<>();
  public final List<ParseProblem> problems = new ArrayList<>();
  public final List<HeldBack> held = new ArrayList<>();

  @Override
  public void usage(ParsedUsage usage) {
    usages.add(usage);
  }

  @Override
  public void problem(ParseProblem problem) {
    problems.add(problem);
  }

  @Override
  public void heldBack(HeldBack h) {
    held.add(h);
  }
}
