package dev.tokenledger.agent.testing;

import dev.tokenledger.agent.AgentMain;
import dev.tokenledger.agent.source.SourceEnvironment;
import java.util.List;

/** The agent with the {@link TestLogSource} only, for tests that run the agent as a separate process. */
public final class TestAgentMain {

  private TestAgentMain() {}

  public static void main(String[] args) {
    System.exit(AgentMain.execute(args, () -> List.of(new TestLogSource()), SourceEnvironment.current(), System.out,
        System.err));
  }
}
