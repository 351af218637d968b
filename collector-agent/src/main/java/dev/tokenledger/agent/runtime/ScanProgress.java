package dev.tokenledger.agent.runtime;

/** Progress of a scan, for a progress bar. */
public interface ScanProgress {

  ScanProgress NONE = new ScanProgress() {};

  /** The scan found these files with this many unread bytes. */
  default void started(long files, long bytes) {}

  /** One more file was read. */
  default void fileDone(long bytesRead, long eventsSoFar) {}
}
