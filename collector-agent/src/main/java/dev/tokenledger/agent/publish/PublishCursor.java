package dev.tokenledger.agent.publish;

/**
 * What a publish cursor read back from Kafka means for a spool (ADR 0133).
 *
 * <p>The cursor is the committed offset of the agent's group on partition 0 of the topic: the last spool
 * sequence published. Its metadata names the spool epoch it counts in ({@link #metadata}). Sequence
 * numbers belong to one spool: a cursor from another epoch (a spool that was lost and recreated, a
 * copied state directory) says nothing about this spool and is ignored; a cursor of this epoch beyond
 * the last durable sequence means this spool lost records it had published, and must stop publishing
 * rather than mark new events as sent.
 *
 * @param kind what to do
 * @param ackUpTo for {@link Kind#ACK}: the sequence to acknowledge locally
 * @param message for {@link Kind#FOREIGN} and {@link Kind#AHEAD}: why
 */
public record PublishCursor(Kind kind, long ackUpTo, String message) {

  /** Metadata of cursors written before spools had epochs. */
  static final String UNVERSIONED = "tokenledger-agent spool";
  private static final String PREFIX = "tokenledger-agent spool epoch=";

  public enum Kind {
    /** No cursor in Kafka (never published, or the group's offsets expired): the local {@code acked} is all we know. */
    NONE,
    /** The cursor is at or behind what the spool already knows is acknowledged. */
    BEHIND,
    /** The cursor is ahead of the local {@code acked} (a crash after the commit): acknowledge up to it. */
    ACK,
    /** The cursor counts in another spool's sequence space: ignore it. */
    FOREIGN,
    /** The cursor of this epoch is beyond the spool's durable records: stop publishing. */
    AHEAD
  }

  /** The metadata committed with every cursor of {@code epoch}. */
  public static String metadata(String epoch) {
    return PREFIX + epoch;
  }

  /**
   * Interprets a committed cursor.
   *
   * @param offset the committed offset, or null when there is none
   * @param metadata the committed offset's metadata (may be null or empty)
   * @param epoch this spool's epoch
   * @param predatesEpochs whether this spool was written before epochs (it adopts an unversioned cursor)
   * @param ackedSeq the spool's acknowledged sequence
   * @param durableSeq the spool's last durable sequence
   */
  public static PublishCursor interpret(Long offset, String metadata, String epoch, boolean predatesEpochs,
      long ackedSeq, long durableSeq) {
    if (offset == null) {
      return new PublishCursor(Kind.NONE, 0, null);
    }
    String meta = metadata == null ? "" : metadata;
    boolean ours = meta.equals(metadata(epoch)) || (predatesEpochs && meta.equals(UNVERSIONED));
    if (!ours) {
      String other = meta.startsWith(PREFIX) ? "spool epoch " + meta.substring(PREFIX.length())
          : meta.equals(UNVERSIONED) ? "a spool without an epoch" : "unknown metadata '" + meta + "'";
      return new PublishCursor(Kind.FOREIGN, 0, "ignoring the publish cursor at sequence " + offset + ": it belongs to "
          + other + ", not to this spool (epoch " + epoch + "); publishing continues after sequence " + ackedSeq);
    }
    if (offset > durableSeq) {
      return new PublishCursor(Kind.AHEAD, 0, "the publish cursor in Kafka for this spool (epoch " + epoch
          + ") is at sequence " + offset + " but the spool holds records only up to " + durableSeq
          + ": the spool lost records it had already published (restored from an older copy, or segments removed)."
          + " Publishing stopped so that no event is marked published without being sent; see docs/agent.md,"
          + " \"Publishing stopped\"");
    }
    if (offset <= ackedSeq) {
      return new PublishCursor(Kind.BEHIND, 0, null);
    }
    return new PublishCursor(Kind.ACK, offset, null);
  }
}
