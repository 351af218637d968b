package dev.tokenledger.alerts.delivery;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;

/** The channel workers by name: hands each job to its channel's own queue. */
public final class Dispatcher {

  private final Map<String, ChannelWorker> workers;

  public Dispatcher(Collection<ChannelWorker> workers) {
    this.workers = workers.stream().collect(Collectors.toUnmodifiableMap(ChannelWorker::channel, Function.identity()));
  }

  public boolean knows(String channel) {
    return workers.containsKey(channel);
  }

  public Set<String> channels() {
    return new TreeSet<>(workers.keySet());
  }

  public void start() {
    workers.values().forEach(ChannelWorker::start);
  }

  public void submit(DeliveryJob job) {
    ChannelWorker w = workers.get(job.key().channel());
    if (w == null) {
      throw new IllegalArgumentException("no channel '" + job.key().channel() + "'");
    }
    w.submit(job);
  }

  /** Drops the queued jobs of partitions this process no longer owns. */
  public int drop(IntPredicate partitions) {
    return workers.values().stream().mapToInt(w -> w.drop(partitions)).sum();
  }

  /** Stops every worker (each ends its current attempt or wait), all within about {@code wait}. */
  public void stop(Duration wait) throws InterruptedException {
    List<ChannelWorker> all = List.copyOf(workers.values());
    long deadline = System.nanoTime() + wait.toNanos();
    for (ChannelWorker w : all) {
      w.stop(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
    }
  }
}
