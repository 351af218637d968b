package dev.tokenledger.agent.runtime;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Wakes the {@code run} loop early when a watched log directory changes; the loop still stats every
 * file at the scan interval (new directories, file systems without notifications). Watches at most
 * {@link #MAX_WATCHES} directories (inotify limits); the rest rely on the periodic stat.
 */
public final class DirectoryWatcher implements AutoCloseable {

  public static final int MAX_WATCHES = 2000;

  private final WatchService service;
  private final Map<Path, WatchKey> keys = new HashMap<>();

  private DirectoryWatcher(WatchService service) {
    this.service = service;
  }

  public static DirectoryWatcher create() throws IOException {
    return new DirectoryWatcher(FileSystems.getDefault().newWatchService());
  }

  /** Watches exactly these directories (up to the limit). */
  public void watch(Set<Path> directories) {
    keys.entrySet().removeIf(e -> {
      if (!directories.contains(e.getKey()) || !e.getValue().isValid()) {
        e.getValue().cancel();
        return true;
      }
      return false;
    });
    for (Path d : directories) {
      if (keys.size() >= MAX_WATCHES) {
        break;
      }
      if (!keys.containsKey(d)) {
        try {
          keys.put(d, d.register(service, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
              StandardWatchEventKinds.ENTRY_DELETE));
        } catch (IOException | RuntimeException e) {
          // unwatchable: the periodic stat covers it
        }
      }
    }
  }

  /**
   * Returns when a watched directory changed (but not sooner than {@code minGap}), when {@code
   * interval} passed, or when {@code stop} says so (checked every second).
   */
  public void awaitChange(Duration interval, Duration minGap, BooleanSupplier stop) {
    long start = System.nanoTime();
    long deadline = start + interval.toNanos();
    boolean changed = false;
    try {
      while (!stop.getAsBoolean() && !changed) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return;
        }
        WatchKey k = service.poll(Math.min(left, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
        while (k != null) {
          changed = true;
          k.pollEvents();
          k.reset();
          k = service.poll();
        }
      }
      long gapLeft = start + minGap.toNanos() - System.nanoTime();
      if (changed && gapLeft > 0 && !stop.getAsBoolean()) {
        TimeUnit.NANOSECONDS.sleep(gapLeft); // coalesce bursts of appends into one scan
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ClosedWatchServiceException e) {
      // closing
    }
  }

  @Override
  public void close() throws IOException {
    service.close();
  }
}
