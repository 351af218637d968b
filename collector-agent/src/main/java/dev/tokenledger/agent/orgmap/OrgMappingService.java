package dev.tokenledger.agent.orgmap;

import dev.tokenledger.agent.attribution.OrgAssignments;
import dev.tokenledger.agent.config.AgentConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The organisation mapping of this agent (ADR 0144): the compiled document in use, read from the state
 * directory's cache at once and from its location when due. Events never wait for it: {@link #assign}
 * answers from the document in use (or assigns nothing); a location that is down, slow or serving a bad
 * document leaves the last good copy in use, with a warning, and is tried again after {@link #RETRY}
 * (or the refresh interval if shorter).
 */
public final class OrgMappingService implements OrgAssignments, AutoCloseable {

  /** A failed read is not repeated sooner than this (every command of a hook would otherwise wait on it). */
  static final Duration RETRY = Duration.ofMinutes(5);

  private static final Logger LOG = LoggerFactory.getLogger(OrgMappingService.class);

  private final AgentConfig.OrgMapping settings;
  private final MappingCache cache;
  private final MappingFetcher fetcher;
  private final Map<String, String> env;
  private final Clock clock;
  private volatile OrgMapping current;
  private volatile MappingCache.Meta meta;
  private ScheduledExecutorService background;

  OrgMappingService(AgentConfig.OrgMapping settings, MappingCache cache, MappingFetcher fetcher, Map<String, String> env,
      Clock clock) {
    this.settings = settings;
    this.cache = cache;
    this.fetcher = fetcher;
    this.env = Map.copyOf(env);
    this.clock = clock;
    settings.location().ifPresent(this::loadCache);
  }

  /**
   * The mapping as configured, with the cached copy in use (nothing is fetched yet).
   *
   * @param stateDir the state directory holding the cache
   * @param persist false: the cache is only read (a dry run, doctor)
   * @param env the environment (the token variable)
   */
  public static OrgMappingService open(AgentConfig.OrgMapping settings, Path stateDir, boolean persist,
      Map<String, String> env, Clock clock) {
    return new OrgMappingService(settings, new MappingCache(stateDir, persist), new MappingFetcher(), env, clock);
  }

  private void loadCache(String location) {
    var cached = cache.read(location);
    if (cached.isEmpty()) {
      return;
    }
    meta = cached.get().meta();
    if (cached.get().document() != null) {
      try {
        current = MappingDocument.parse(cached.get().document());
      } catch (MappingException e) {
        LOG.warn("the cached organisation mapping {} cannot be used: {}", cache.documentFile(), e.getMessage());
      }
    }
  }

  @Override
  public Assignment assign(String email, String remote) {
    OrgMapping m = current;
    return m == null ? Assignment.NONE : m.assign(email, remote);
  }

  /** Whether the location should be read now: no copy, a copy older than the refresh interval, not just failed. */
  public boolean due() {
    if (settings.location().isEmpty()) {
      return false;
    }
    Instant now = clock.instant();
    MappingCache.Meta m = meta;
    if (m != null && m.lastError() != null && m.attemptAt() != null
        && now.isBefore(m.attemptAt().plus(min(RETRY, settings.refresh())))) {
      return false;
    }
    return current == null || m == null || m.checkedAt() == null || !now.isBefore(m.checkedAt().plus(settings.refresh()));
  }

  /** Reads the location if {@link #due}; never throws (a failure is in {@link #status}). */
  public MappingStatus refreshIfDue() {
    return due() ? refresh() : status();
  }

  /** Reads the location now; never throws (a failure is in {@link #status}). */
  public synchronized MappingStatus refresh() {
    if (settings.location().isEmpty()) {
      return status();
    }
    String location = settings.location().get();
    Instant now = clock.instant();
    MappingCache.Meta old = meta;
    OrgMapping inUse = current;
    String etag = old != null && inUse != null ? old.etag() : null;
    MappingCache.Meta next;
    byte[] document = null;
    try {
      MappingFetcher.Fetched f = fetcher.fetch(location, settings.isUrl(), etag, token());
      if (f.notModified() && (old == null || inUse == null)) {
        throw new MappingFetcher.FetchFailure(location + ": answered 304 Not Modified, but this agent has no copy");
      }
      if (f.notModified()) {
        next = new MappingCache.Meta(location, f.etag(), old.fetchedAt(), now, null, null, now);
      } else {
        OrgMapping parsed = MappingDocument.parse(f.bytes());
        document = f.bytes();
        next = new MappingCache.Meta(location, f.etag(), now, now, null, null, now);
        current = parsed;
        if (inUse == null || old == null || old.lastError() != null) {
          LOG.info("organisation mapping from {}: {} rules", location, parsed.ruleCount());
        }
      }
    } catch (MappingFetcher.FetchFailure | MappingException e) {
      String error = e instanceof MappingException m ? "the document was rejected (" + location + "): " + m.getMessage()
          : e.getMessage();
      next = old == null ? new MappingCache.Meta(location, null, null, null, error, now, now)
          : new MappingCache.Meta(location, old.etag(), old.fetchedAt(), old.checkedAt(), error, now, now);
      if (inUse != null) {
        LOG.warn("organisation mapping: {}; the copy received {} stays in use", error, old == null ? "earlier" : old.fetchedAt());
      } else {
        LOG.warn("organisation mapping: {}; no copy is cached, so the mapping assigns no team or cost centre yet", error);
      }
    }
    meta = next;
    try {
      cache.write(next, document);
    } catch (IOException e) {
      LOG.warn("cannot cache the organisation mapping in {}: {}", cache.documentFile(), e.toString());
    }
    return status();
  }

  private String token() throws MappingFetcher.FetchFailure {
    if (settings.tokenEnv().isEmpty()) {
      return null;
    }
    String name = settings.tokenEnv().get();
    String v = env.get(name);
    if (v == null || v.isBlank()) {
      throw new MappingFetcher.FetchFailure("org.mapping-token-env names " + name + ", which is not set in this"
          + " environment");
    }
    return v.trim();
  }

  /** What is known now. */
  public MappingStatus status() {
    if (settings.location().isEmpty()) {
      return MappingStatus.notConfigured();
    }
    MappingCache.Meta m = meta;
    OrgMapping inUse = current;
    MappingStatus.State state = inUse == null ? MappingStatus.State.UNAVAILABLE
        : m != null && m.lastError() != null ? MappingStatus.State.STALE : MappingStatus.State.CURRENT;
    return new MappingStatus(settings.location().get(), state, m == null ? null : m.fetchedAt(),
        m == null ? null : m.checkedAt(), m == null ? null : m.etag(), inUse == null ? 0 : inUse.ruleCount(),
        m == null ? null : m.lastError(), m == null ? null : m.errorAt());
  }

  /** The configured refresh interval. */
  public Duration refreshInterval() {
    return settings.refresh();
  }

  /**
   * Reads the location in the background ({@code run}, {@code receive}): now if due, then whenever due
   * (checked every minute, or every refresh interval if shorter). Idempotent.
   */
  public synchronized void startBackground() {
    if (background != null || settings.location().isEmpty()) {
      return;
    }
    background = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "tokenledger-org-mapping");
      t.setDaemon(true);
      return t;
    });
    long period = min(Duration.ofMinutes(1), settings.refresh()).toMillis();
    background.scheduleWithFixedDelay(() -> {
      try {
        refreshIfDue();
      } catch (RuntimeException e) {
        LOG.warn("organisation mapping refresh failed: {}", e.toString());
      }
    }, 0, period, TimeUnit.MILLISECONDS);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  @Override
  public synchronized void close() {
    if (background != null) {
      background.shutdownNow();
      background = null;
    }
  }
}
