/**
 * One retry policy for every role (ADR 0307): {@link dev.tokenledger.retry.RetryPolicy} says how long to
 * wait after the n-th consecutive failure and when to stop; {@link dev.tokenledger.retry.RetryLoop}
 * applies it to an operation, asking the caller's {@link dev.tokenledger.retry.RetryClassifier} which
 * failures are worth retrying. Time and sleeping are injected, so tests never wait. The JDK only.
 */
package dev.tokenledger.retry;
