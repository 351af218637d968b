package dev.tokenledger.agent.publish;

import dev.tokenledger.retry.RetryPolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.InvalidTimestampException;

/**
 * Why publishing paused, sorted by kind: the text {@code status}, {@code doctor} and {@code backfill}
 * show, and how long the publisher may wait between attempts. Events stay in the spool whatever the
 * kind; only the message and the back-off differ.
 *
 * @param kind the kind
 * @param message what to tell the user
 */
public record PublishFailure(Kind kind, String message) {

  /** Kinds of failure. */
  public enum Kind {
    /** The events topic does not exist yet (the stream processor creates it). */
    TOPIC_MISSING,
    /**
     * The broker refused the records' timestamps: the topic keeps the producer's time
     * ({@code message.timestamp.type=CreateTime}) and this machine's clock is beyond
     * {@code message.timestamp.after.max.ms} (1 hour by default since Kafka 4) ahead of the broker's.
     * Retrying soon cannot help; an operator (or the clock) must change something.
     */
    CLOCK_AHEAD,
    /** Anything else (Kafka or the registry unreachable, a timeout, …). */
    OTHER
  }

  /** Longest wait between attempts while the clock is ahead: it needs an operator, not a quick retry. */
  public static final Duration CLOCK_AHEAD_BACKOFF = Duration.ofMinutes(1);
  /** Longest wait between attempts otherwise. */
  public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(5);
  /** Wait after the first failure of a streak. */
  public static final Duration INITIAL_BACKOFF = Duration.ofMillis(500);

  /**
   * The publisher's retry policy (the shared one, ADR 0307): 0.5 s doubling up to 5 s, no jitter, no
   * limit on attempts or time — events are safe in the spool, so the publisher never gives up.
   */
  public static final RetryPolicy RETRY = RetryPolicy.exponential(INITIAL_BACKOFF, DEFAULT_BACKOFF);
  /** The same while this machine's clock is ahead of the broker's, up to a minute. */
  public static final RetryPolicy CLOCK_AHEAD_RETRY = RETRY.withMaxDelay(CLOCK_AHEAD_BACKOFF);

  public PublishFailure {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
  }

  /** Sorts a failure of publishing to {@code topic}. */
  public static PublishFailure classify(Throwable e, String topic) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof TopicMissingException) {
        return new PublishFailure(Kind.TOPIC_MISSING, t.getMessage());
      }
      if (t instanceof InvalidTimestampException) {
        return new PublishFailure(Kind.CLOCK_AHEAD, clockAhead(topic, t.getMessage()));
      }
    }
    return new PublishFailure(Kind.OTHER, describe(e));
  }

  /** The message for a clock ahead of the broker's. */
  public static String clockAhead(String topic, String brokerMessage) {
    return "this machine's clock is ahead of the broker; ask the operator to set message.timestamp.type=LogAppendTime"
        + " on the topic " + topic + " (or correct this machine's clock). The broker refused the events' timestamps"
        + (brokerMessage == null ? "" : " (" + brokerMessage + ")") + "; they stay in the spool and publishing is"
        + " retried at least once a minute";
  }

  /** How long the publisher may wait between attempts for this kind. */
  public Duration maxBackoff() {
    return retryPolicy().maxDelay();
  }

  /** The retry policy for this kind. */
  public RetryPolicy retryPolicy() {
    return kind == Kind.CLOCK_AHEAD ? CLOCK_AHEAD_RETRY : RETRY;
  }

  /** The wait after this failure when it is the {@code consecutiveFailures}-th in a row (1-based). */
  public Duration backoff(int consecutiveFailures) {
    return retryPolicy().delay(consecutiveFailures);
  }

  private static String describe(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && (t instanceof ExecutionException || t.getMessage() == null)) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }
}
