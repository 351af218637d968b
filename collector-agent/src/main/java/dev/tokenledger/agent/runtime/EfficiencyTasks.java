package dev.tokenledger.agent.runtime;

import dev.tokenledger.agent.attribution.Attributor;
import dev.tokenledger.agent.attribution.MachineIdentity;
import dev.tokenledger.agent.commits.GitAuthorEmail;
import dev.tokenledger.agent.commits.GitCommitLog;
import dev.tokenledger.agent.config.AgentConfig;
import dev.tokenledger.agent.efficiency.CommitCollector;
import dev.tokenledger.agent.efficiency.EfficiencyPublisher;
import dev.tokenledger.agent.efficiency.EfficiencyState;
import dev.tokenledger.agent.efficiency.InventoryReporter;
import dev.tokenledger.agent.efficiency.SessionTracker;
import dev.tokenledger.agent.inventory.McpInventoryReader;
import dev.tokenledger.agent.source.SourceEnvironment;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The efficiency inputs of ADR 0620, each off with its {@code efficiency.*} key: the sessions seen (fed
 * by the attributors), whose commits are read and published once a session is idle, and the MCP
 * inventory, published on start when it changed and at least daily. {@code run} ticks it on a thread of
 * its own (git may be slow, the scan must not wait); {@code backfill} collects every session it read at
 * its end.
 */
public final class EfficiencyTasks implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EfficiencyTasks.class);
  /** How often {@code run} looks for finished sessions and a due inventory. */
  static final Duration TICK = Duration.ofMinutes(1);
  /** The inventory files are read at most this often. */
  static final Duration INVENTORY_CHECK = Duration.ofMinutes(10);

  private final SessionTracker tracker;
  private final CommitCollector commits;
  private final InventoryReporter inventory;
  private final Duration sessionIdle;
  private final Clock clock;
  private final AutoCloseable publisherHandle;
  private ScheduledExecutorService executor;
  private Instant inventoryCheckedAt;

  EfficiencyTasks(SessionTracker tracker, CommitCollector commits, InventoryReporter inventory, Duration sessionIdle,
      Clock clock, AutoCloseable publisherHandle) {
    this.tracker = tracker;
    this.commits = commits;
    this.inventory = inventory;
    this.sessionIdle = sessionIdle;
    this.clock = clock;
    this.publisherHandle = publisherHandle;
  }

  /** The tasks as configured; either part is absent when its key is off. */
  static EfficiencyTasks create(AgentConfig config, StateDirectory state, MachineIdentity identity,
      SourceEnvironment environment, EfficiencyPublisher publisher, AutoCloseable publisherHandle, Clock clock) {
    AgentConfig.Efficiency e = config.efficiency();
    EfficiencyState saved = EfficiencyState.open(state.path());
    SessionTracker tracker = null;
    CommitCollector commits = null;
    if (e.commits()) {
      tracker = new SessionTracker(clock);
      GitCommitLog log = new GitCommitLog("git", e.gitTimeout());
      GitAuthorEmail email = new GitAuthorEmail("git", e.gitTimeout());
      commits = new CommitCollector(log::commits, email::of, publisher, saved, clock, e.sessionIdle());
    }
    InventoryReporter inventory = null;
    if (e.mcpInventory()) {
      McpInventoryReader reader = new McpInventoryReader(environment);
      inventory = new InventoryReporter(() -> reader.read().servers(), new InventoryReporter.Owner(identity.orgId(),
          identity.userId(), identity.team().orElse(null), identity.host()), publisher, saved, clock);
    }
    return new EfficiencyTasks(tracker, commits, inventory, e.sessionIdle(), clock, publisherHandle);
  }

  /** The attributor, telling the session tracker of every event in a git checkout (when commits are collected). */
  Attributor observe(Attributor a) {
    return tracker == null ? a : a.observeRepositories(tracker::observe);
  }

  /** Starts the periodic task ({@code run}): the inventory at once, then finished sessions every minute. */
  void start() {
    if (tracker == null && inventory == null) {
      return;
    }
    executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tokenledger-efficiency");
      t.setDaemon(true);
      return t;
    });
    executor.scheduleWithFixedDelay(this::tickQuietly, 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
  }

  private String lastWarning;

  /** One round on the periodic thread: a failure is logged once until it changes or a round succeeds. */
  private void tickQuietly() {
    try {
      tick();
      lastWarning = null;
    } catch (RuntimeException ex) {
      String message = String.valueOf(ex.getMessage());
      if (!message.equals(lastWarning)) {
        LOG.warn("efficiency inputs not published, will try again: {}", message);
        lastWarning = message;
      }
    }
  }

  /** One round: the commits of finished sessions, and the inventory if it is due to be checked. */
  void tick() {
    if (commits != null) {
      commits.collect(tracker.finished(sessionIdle));
    }
    Instant now = clock.instant();
    if (inventory != null && (inventoryCheckedAt == null || !now.isBefore(inventoryCheckedAt.plus(INVENTORY_CHECK)))) {
      inventoryCheckedAt = now;
      try {
        inventory.reportIfDue();
      } catch (RuntimeException ex) {
        inventoryCheckedAt = null;   // try again at the next tick
        throw ex;
      }
    }
  }

  /** The end of a backfill: every session read is history, its commits are read now; the inventory if due. */
  void finishBackfill() {
    if (commits != null) {
      commits.collect(tracker.all());
    }
    if (inventory != null) {
      try {
        inventory.reportIfDue();
      } catch (RuntimeException ex) {
        LOG.warn("MCP inventory not published: {}", ex.getMessage());
      }
    }
  }

  /** Commits published by this process (0 when commits are off). */
  long commitsPublished() {
    return commits == null ? 0 : commits.published();
  }

  /** The efficiency inputs' part of {@code status.json}. */
  void status(com.fasterxml.jackson.databind.node.ObjectNode n) {
    n.put("commits", commits != null);
    n.put("mcpInventory", inventory != null);
    if (commits != null) {
      n.put("commitsPublished", commits.published());
      n.put("sessionsOpen", tracker.size());
      n.put("sessionsWaiting", commits.waiting());
    }
  }

  Optional<SessionTracker> tracker() {
    return Optional.ofNullable(tracker);
  }

  /**
   * Stops the periodic task; the sessions still open are kept in the state directory, so the next start
   * reads their commits.
   */
  @Override
  public void close() {
    if (executor != null) {
      executor.shutdownNow();
      try {
        executor.awaitTermination(3, TimeUnit.SECONDS);
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
      }
    }
    if (commits != null) {
      try {
        commits.keepForLater(tracker.all());
      } catch (RuntimeException ex) {
        LOG.warn("open sessions not kept for their commits: {}", ex.getMessage());
      }
    }
    try {
      publisherHandle.close();
    } catch (Exception ex) {
      LOG.debug("closing the efficiency publisher", ex);
    }
  }
}
