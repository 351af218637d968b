package dev.tokenledger.agent.publish;

/** A state in which publishing must not go on by itself: retrying would mark events published unsent. */
public final class PublishingStoppedException extends Exception {

  public PublishingStoppedException(String message) {
    super(message);
  }
}
