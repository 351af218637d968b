package dev.tokenledger.agent.cli;

import dev.tokenledger.agent.runtime.ScanProgress;
import java.io.PrintStream;

/** A one-line progress bar on stderr (only when it is a terminal). */
final class ProgressBar implements ScanProgress {

  private final PrintStream err;
  private final boolean enabled;
  private final long startNanos = System.nanoTime();
  private long files;
  private long bytes;
  private long filesDone;
  private long bytesDone;
  private long lastDraw;

  ProgressBar(PrintStream err, boolean enabled) {
    this.err = err;
    this.enabled = enabled;
  }

  @Override
  public void started(long files, long bytes) {
    this.files = files;
    this.bytes = bytes;
  }

  @Override
  public void fileDone(long bytesRead, long eventsSoFar) {
    filesDone++;
    bytesDone += bytesRead;
    long now = System.nanoTime();
    if (enabled && (now - lastDraw > 200_000_000L || filesDone == files)) {
      lastDraw = now;
      double fraction = bytes > 0 ? Math.min(1.0, (double) bytesDone / bytes) : files > 0 ? (double) filesDone / files : 1;
      int width = 30;
      int filled = (int) Math.round(fraction * width);
      double secs = Math.max(1e-3, (now - startNanos) / 1e9);
      err.printf("\r[%s%s] %3d%%  %d/%d files  %.1f MB  %,d events  %.1f MB/s ", "#".repeat(filled),
          "-".repeat(width - filled), Math.round(fraction * 100), filesDone, files, bytesDone / 1e6, eventsSoFar,
          bytesDone / 1e6 / secs);
      err.flush();
    }
  }

  void finish() {
    if (enabled && filesDone > 0) {
      err.println();
    }
  }
}
