package dev.tokenledger.agent.source;

/** Receives what a {@link LogFileParser} finds. */
public interface ParseSink {

  /** One billed model request. */
  void usage(ParsedUsage usage);

  /** A record that could not be used, with the reason; it is counted and quarantined, not fatal. */
  void problem(ParseProblem problem);

  /** Responses held back at the end of this read because the file is still being written (not a problem). */
  default void heldBack(HeldBack held) {}
}
