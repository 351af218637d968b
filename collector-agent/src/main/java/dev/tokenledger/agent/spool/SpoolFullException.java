package dev.tokenledger.agent.spool;

/** The spool reached its configured size; reading pauses until publishing frees space. Nothing is lost. */
public final class SpoolFullException extends java.io.IOException {

  public SpoolFullException(long size, long max) {
    super("spool is full (" + size + " of " + max + " bytes, spool.max-bytes): Kafka or the registry has been"
        + " unreachable for a while; new log lines stay unread in the logs until the spool drains");
  }
}
