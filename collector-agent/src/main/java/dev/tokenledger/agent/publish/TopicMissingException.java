package dev.tokenledger.agent.publish;

/** The events topic does not exist: the agent never creates it, the stream processor does (ADR 0133). */
public final class TopicMissingException extends Exception {

  public TopicMissingException(String topic) {
    super(message(topic));
  }

  /** The text {@code status} and {@code doctor} show. */
  public static String message(String topic) {
    return "topic " + topic + " does not exist yet (the stream processor creates it)";
  }
}
