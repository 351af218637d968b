package dev.tokenledger.agent.event;

/** The version of this agent (from the jar manifest; a development build says so). */
public final class AgentVersion {

  private AgentVersion() {}

  public static String current() {
    String v = AgentVersion.class.getPackage().getImplementationVersion();
    return v == null || v.isBlank() ? "0.1.0-dev" : v;
  }
}
