package dev.tokenledger.agent.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenledger.agent.attribution.Attributor;
import dev.tokenledger.agent.attribution.MachineIdentity;
import dev.tokenledger.agent.checkpoint.CheckpointStore;
import dev.tokenledger.agent.config.AgentConfig;
import dev.tokenledger.agent.event.AgentVersion;
import dev.tokenledger.agent.orgmap.MappingStatus;
import dev.tokenledger.agent.orgmap.OrgMappingService;
import dev.tokenledger.agent.publish.KafkaEfficiencyPublisher;
import dev.tokenledger.agent.publish.PublisherSettings;
import dev.tokenledger.agent.publish.SpoolPublisher;
import dev.tokenledger.agent.source.ParseProblem;
import dev.tokenledger.agent.source.SourceEnvironment;
import dev.tokenledger.agent.source.UsageSource;
import dev.tokenledger.agent.spool.DedupIndex;
import dev.tokenledger.agent.spool.EventJournal;
import dev.tokenledger.agent.spool.Spool;
import dev.tokenledger.agent.validation.UsageValidator;
import dev.tokenledger.events.UsageEvent;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's moving parts over one locked state directory: journal (spool + dedup index),
 * checkpoints, quarantine, scanner and the publisher thread. Used by {@code backfill}, {@code run}
 * and {@code log}.
 */
public final class AgentRuntime implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AgentRuntime.class);

  private final AgentConfig config;
  private final StateDirectory state;
  private final EventJournal journal;
  private final CheckpointStore checkpoints;
  private final Quarantine quarantine;
  private final Scanner scanner;
  private final Clock clock;
  private final String mode;
  private final Map<ParseProblem.Kind, Long> previousProblems;
  private final MachineIdentity identity;
  private final EfficiencyTasks efficiency;
  private final OrgMappingService orgMapping;
  private SpoolPublisher publisher;
  private Thread publisherThread;
  private volatile Integer intakePort;
  private volatile long intakeEvents;

  private AgentRuntime(AgentConfig config, StateDirectory state, EventJournal journal, CheckpointStore checkpoints,
      Quarantine quarantine, List<UsageSource> sources, SourceEnvironment environment, Clock clock, String mode) {
    this.config = config;
    this.state = state;
    this.journal = journal;
    this.checkpoints = checkpoints;
    this.quarantine = quarantine;
    this.clock = clock;
    this.mode = mode;
    this.previousProblems = StatusFile.previousProblems(state.path());
    this.identity = MachineIdentity.resolve(config, environment.variables());
    this.orgMapping = OrgMappingService.open(config.orgMapping(), state.path(), true, environment.variables(), clock);
    if (mode.equals("run") || mode.equals("receive")) {
      orgMapping.startBackground(); // a long-running agent never waits for the mapping
    } else {
      orgMapping.refreshIfDue(); // one bounded read when due; a failure leaves the cached copy in use
    }
    KafkaEfficiencyPublisher efficiencyPublisher = new KafkaEfficiencyPublisher(publisherSettings(config, state),
        config.topics());
    this.efficiency = EfficiencyTasks.create(config, state, ownerOfTheMachine(), environment, efficiencyPublisher,
        efficiencyPublisher, clock);
    this.scanner = new Scanner(sources, environment, checkpoints, true, this::newAttributor, config.scan().threads(),
        new JournalSink(journal), new UsageValidator(config.limits(), clock),
        quarantine, config.scan().commitInterval(), config.scan().commitBytes(), clock);
    scanner.onCommit(this::writeStatusQuietly);
  }

  /**
   * The identity the machine-wide records (the MCP inventory) are published under: a team the configuration
   * leaves open is the mapping's for this machine's e-mail (no repository: the person's rule). Events are
   * attributed with the configured identity, so that a repository's rule can still win for its events.
   */
  private MachineIdentity ownerOfTheMachine() {
    if (identity.team().isPresent()) {
      return identity;
    }
    String team = orgMapping.assign(identity.userEmail().orElse(null), null).team();
    return new MachineIdentity(identity.orgId(), identity.userId(), identity.userEmail(), identity.host(),
        Optional.ofNullable(team), identity.costCentre());
  }

  /** Opens the state directory, or returns empty if another agent process holds it. */
  public static Optional<AgentRuntime> open(AgentConfig config, List<UsageSource> sources, SourceEnvironment environment,
      Clock clock, String mode) throws IOException {
    Optional<StateDirectory> locked = StateDirectory.tryLock(config.stateDir());
    if (locked.isEmpty()) {
      return Optional.empty();
    }
    StateDirectory state = locked.get();
    try {
      // each segment remembers the writer schema of its records: an upgraded agent still publishes
      // what an older one spooled, under that schema's id
      Spool spool = Spool.open(state.spoolDir(), config.spool().maxBytes(), UsageEvent.getClassSchema().toString());
      if (spool.truncatedBytes() > 0) {
        LOG.warn("dropped a torn spool tail of {} bytes left by a crash; those log lines will be read again",
            spool.truncatedBytes());
      }
      DedupIndex index = DedupIndex.open(state.path(), spool);
      EventJournal journal = new EventJournal(spool, index, clock);
      journal.recoverRequestAliases();
      CheckpointStore checkpoints = CheckpointStore.open(state.path());
      return Optional.of(new AgentRuntime(config, state, journal, checkpoints, new Quarantine(state.path(), clock),
          sources, environment, clock, mode));
    } catch (IOException | RuntimeException e) {
      state.close();
      throw e;
    }
  }

  /** A new attributor (they cache per directory and are not shared between threads). */
  public Attributor newAttributor() {
    return efficiency.observe(Attributor.forConfig(config, identity, clock)).assignFrom(orgMapping);
  }

  /** The organisation mapping (ADR 0144) every attributor of this runtime consults. */
  public OrgMappingService orgMapping() {
    return orgMapping;
  }

  /** Starts publishing the efficiency inputs in the background ({@code run}): MCP inventory, commits of finished sessions. */
  public void startEfficiencyInputs() {
    efficiency.start();
  }

  /** Publishes the commits of every session this backfill read, and the MCP inventory if due. */
  public void finishBackfillEfficiencyInputs() {
    efficiency.finishBackfill();
  }

  /** Commits published by this process. */
  public long commitsPublished() {
    return efficiency.commitsPublished();
  }

  private static PublisherSettings publisherSettings(AgentConfig config, StateDirectory state) {
    return new PublisherSettings(config.kafka().bootstrapServers(), config.kafka().registryUrl(),
        config.topics().usageEvents(), state.instanceId(), config.kafka().batchSize(), config.kafka().requestTimeout(),
        config.kafka().extra());
  }

  public Scanner scanner() {
    return scanner;
  }

  public EventJournal journal() {
    return journal;
  }

  public Quarantine quarantine() {
    return quarantine;
  }

  public StateDirectory state() {
    return state;
  }

  public AgentConfig config() {
    return config;
  }

  /** Starts draining the spool to Kafka in a background thread. */
  public void startPublisher() {
    publisher = new SpoolPublisher(journal.spool(), publisherSettings(config, state));
    publisherThread = new Thread(publisher, "tokenledger-publisher");
    publisherThread.setDaemon(true);
    publisherThread.start();
  }

  public Optional<SpoolPublisher> publisher() {
    return Optional.ofNullable(publisher);
  }

  /**
   * Waits until the spool is empty, the timeout passes or publishing stopped for good; true if drained.
   * A missing topic or an unreachable Kafka is waited for (the publisher retries with back-off).
   */
  public boolean awaitDrained(Duration timeout, Runnable onTick) throws InterruptedException {
    Instant deadline = clock.instant().plus(timeout);
    while (journal.spool().depth() > 0 && clock.instant().isBefore(deadline)
        && (publisher == null || publisher.stoppedReason() == null)) {
      synchronized (this) {
        wait(200);
      }
      onTick.run();
    }
    return journal.spool().depth() == 0;
  }

  public void intakeStarted(int port) {
    this.intakePort = port;
  }

  /** Events received over the local intake since start. */
  public long intakeEvents() {
    return intakeEvents;
  }

  public synchronized void intakeEvent() {
    intakeEvents++;
  }

  /** Problems of this run plus those recorded by earlier runs. */
  public Map<ParseProblem.Kind, Long> cumulativeProblems() {
    Map<ParseProblem.Kind, Long> all = new EnumMap<>(ParseProblem.Kind.class);
    all.putAll(previousProblems);
    quarantine.counts().forEach((k, v) -> all.merge(k, v, Long::sum));
    return all;
  }

  private void writeStatusQuietly() {
    try {
      writeStatus();
    } catch (IOException e) {
      LOG.debug("cannot write status", e);
    }
  }

  /**
   * Rewrites {@code status.json} when anything in it changed, or at least once a minute (so
   * {@code status} can tell a live agent from a stale file); an idle agent does not touch the disk.
   */
  public synchronized void writeStatus() throws IOException {
    ObjectNode s = StatusFile.newNode();
    s.put("mode", mode);
    s.put("pid", ProcessHandle.current().pid());
    s.put("agentVersion", AgentVersion.current());
    s.put("instanceId", state.instanceId());
    ObjectNode sources = s.putObject("sources");
    scanner.summary().sources().forEach((tool, c) -> {
      ObjectNode n = sources.putObject(tool.name());
      n.put("filesFound", c.filesFound);
      n.put("filesRead", c.filesRead);
      n.put("events", c.events);
      n.put("duplicates", c.duplicates);
      n.put("lastEventTime", c.lastEventTime == null ? null : c.lastEventTime.toString());
    });
    ObjectNode problems = s.putObject("problems");
    cumulativeProblems().forEach((k, v) -> problems.put(k.name(), v));
    List<dev.tokenledger.agent.source.HeldBack> held = scanner.summary().heldBack();
    if (!held.isEmpty()) {
      ObjectNode h = s.putObject("heldBack");
      h.put("responses", scanner.summary().heldResponses());
      h.put("files", held.size());
      h.put("publishableFrom", held.stream().map(dev.tokenledger.agent.source.HeldBack::publishableFrom)
          .max(java.util.Comparator.naturalOrder()).orElseThrow().toString());
    }
    MappingStatus mapping = orgMapping.status();
    if (mapping.state() != MappingStatus.State.NOT_CONFIGURED) {
      ObjectNode m = s.putObject("orgMapping");
      m.put("state", mapping.state().name());
      m.put("location", mapping.location());
      m.put("rules", mapping.rules());
      m.put("checkedAt", mapping.checkedAt() == null ? null : mapping.checkedAt().toString());
      m.put("lastError", mapping.lastError());
    }
    Spool spool = journal.spool();
    ObjectNode sp = s.putObject("spool");
    sp.put("depth", spool.depth());
    sp.put("durableSeq", spool.durableSeq());
    sp.put("ackedSeq", spool.ackedSeq());
    sp.put("bytes", spool.bytes());
    sp.put("maxBytes", spool.maxBytes());
    sp.put("epoch", spool.epoch());
    sp.put("full", scanner.summary().spoolFull());
    try {
      long oldest = spool.oldestPendingMillis();
      sp.put("oldestPendingAt", oldest < 0 ? null : Instant.ofEpochMilli(oldest).toString());
    } catch (IOException | InterruptedException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
    ObjectNode pub = s.putObject("publisher");
    if (publisher != null) {
      pub.put("connected", publisher.connected());
      pub.put("published", publisher.published());
      pub.put("lastError", publisher.lastError());
      pub.put("stopped", publisher.stoppedReason() != null);
      long at = publisher.lastPublishedAt();
      pub.put("lastPublishedAt", at < 0 ? null : Instant.ofEpochMilli(at).toString());
    }
    pub.put("topic", config.topics().usageEvents());
    pub.put("bootstrapServers", config.kafka().bootstrapServers());
    efficiency.status(s.putObject("efficiency"));
    ObjectNode intake = s.putObject("intake");
    intake.put("port", intakePort);
    intake.put("events", intakeEvents);
    String content = s.toString();
    Instant now = clock.instant();
    if (content.equals(lastStatus) && lastStatusAt != null && now.isBefore(lastStatusAt.plusSeconds(60))) {
      return;
    }
    s.put("updatedAt", now.toString());
    StatusFile.write(state.path(), s);
    lastStatus = content;
    lastStatusAt = now;
  }

  private String lastStatus;
  private Instant lastStatusAt;

  @Override
  public void close() throws IOException {
    orgMapping.close();
    efficiency.close();
    if (publisher != null) {
      publisher.close();
      try {
        // a publisher stuck on an unreachable Kafka is abandoned: nothing it holds is only in memory
        publisherThread.join(Duration.ofSeconds(3).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      scanner.commit();
    } finally {
      try {
        journal.close();
      } finally {
        state.close();
      }
    }
  }
}
