package dev.tokenledger.agent.orgmap;

import java.util.List;

/** A mapping document that cannot be used, with every problem found (each naming its rule or line). */
public final class MappingException extends Exception {

  private final List<String> problems;

  MappingException(List<String> problems) {
    super(String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
