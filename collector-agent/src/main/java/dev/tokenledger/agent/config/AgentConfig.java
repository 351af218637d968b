package dev.tokenledger.agent.config;

import dev.tokenledger.agent.validation.UsageLimits;
import dev.tokenledger.schemas.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The complete, validated configuration of the agent, parsed once by {@link AgentConfigLoader}.
 *
 * @param identity who the usage is attributed to
 * @param kafka where events are published
 * @param stateDir where checkpoints, the spool, the dedup index and the quarantine live
 * @param scan how files are watched
 * @param spool spool limits
 * @param intake the local HTTP intake
 * @param privacy hashing of paths and the host name (on/off, the organisation's salt)
 * @param headWindow only events younger than this take branch/commit from the working directory's
 *     current HEAD (older history would otherwise be attributed to today's checkout)
 * @param limits the bounds every request must respect before it is published ({@code limits.*})
 * @param source where the configuration came from (file path or "defaults")
 * @param efficiency what the agent reports for the efficiency figures ({@code efficiency.*}, ADR 0620)
 * @param orgMapping where the organisation's team / cost-centre mapping comes from ({@code [org] mapping*}, ADR 0144)
 */
public record AgentConfig(
    Identity identity,
    Kafka kafka,
    Path stateDir,
    Scan scan,
    Spool spool,
    Intake intake,
    Privacy privacy,
    Duration headWindow,
    UsageLimits limits,
    String source,
    Efficiency efficiency,
    OrgMapping orgMapping) {

  public AgentConfig {
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(scan, "scan");
    Objects.requireNonNull(spool, "spool");
    Objects.requireNonNull(intake, "intake");
    Objects.requireNonNull(privacy, "privacy");
    Objects.requireNonNull(headWindow, "headWindow");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(efficiency, "efficiency");
    Objects.requireNonNull(orgMapping, "orgMapping");
  }

  public Topics topics() {
    return Topics.withPrefix(kafka.topicPrefix());
  }

  /** A copy with another state directory. */
  public AgentConfig withStateDir(Path dir) {
    return new AgentConfig(identity, kafka, dir, scan, spool, intake, privacy, headWindow, limits, source, efficiency,
        orgMapping);
  }

  /** Whether working directories and the host name are replaced with hashes in events. */
  public boolean hashPaths() {
    return privacy.hashPaths();
  }

  /**
   * Attribution of the person and machine.
   *
   * @param orgId organisation (tenant)
   * @param userId configured user id, or empty for OS user at host
   * @param userEmail configured e-mail, if any
   * @param team team, if any
   * @param costCentre cost centre, if any
   * @param sources where each of {@code org.id}, {@code user.id}, {@code user.email}, {@code team} and {@code
   *     cost-centre} came from ("file &lt;path&gt;", "env &lt;VARIABLE&gt;"); a key that is absent kept its default
   */
  public record Identity(
      String orgId, Optional<String> userId, Optional<String> userEmail, Optional<String> team,
      Optional<String> costCentre, Map<String, String> sources) {

    public Identity {
      sources = Map.copyOf(sources);
    }

    public Identity(String orgId, Optional<String> userId, Optional<String> userEmail, Optional<String> team,
        Optional<String> costCentre) {
      this(orgId, userId, userEmail, team, costCentre, Map.of());
    }

    /** Where {@code key} (an agent key such as {@code team}) came from: a file, a variable, or "default". */
    public String source(String key) {
      return sources.getOrDefault(key, "default");
    }
  }

  /**
   * The organisation's mapping of e-mails and git remotes to team and cost centre (ADR 0144).
   *
   * @param location an https URL (http only to a loopback address) or an absolute file path; empty: no mapping
   * @param tokenEnv the environment variable holding a bearer token for the URL, if any
   * @param refresh how often the mapping is fetched again
   */
  public record OrgMapping(Optional<String> location, Optional<String> tokenEnv, Duration refresh) {

    /** No mapping. */
    public static final OrgMapping NONE = new OrgMapping(Optional.empty(), Optional.empty(), Duration.ofHours(1));

    public OrgMapping {
      Objects.requireNonNull(location, "location");
      Objects.requireNonNull(tokenEnv, "tokenEnv");
      Objects.requireNonNull(refresh, "refresh");
    }

    /** Whether the location is a URL (else a file). */
    public boolean isUrl() {
      return location.map(l -> l.startsWith("https://") || l.startsWith("http://")).orElse(false);
    }
  }

  /**
   * Kafka and the registry.
   *
   * @param bootstrapServers Kafka bootstrap servers
   * @param registryUrl Confluent-compatible Schema Registry URL
   * @param topicPrefix prefix of every topic name
   * @param batchSize events per publish transaction
   * @param requestTimeout how long one Kafka or registry round trip may block
   * @param extra further producer properties ({@code kafka.property.*}), e.g. security settings
   */
  public record Kafka(
      String bootstrapServers, String registryUrl, String topicPrefix, int batchSize, Duration requestTimeout,
      Map<String, String> extra) {
    public Kafka {
      extra = Map.copyOf(extra);
    }
  }

  /**
   * Scanning.
   *
   * @param interval how often {@code run} stats the log files (a file-system watch wakes it earlier)
   * @param commitInterval the longest a read may stay uncommitted (spool fsync + checkpoint)
   * @param commitBytes commit after this many bytes of log read
   * @param threads files read in parallel
   */
  public record Scan(Duration interval, Duration commitInterval, long commitBytes, int threads) {}

  /** @param maxBytes the spool refuses new events above this size (reading pauses; nothing is lost) */
  public record Spool(long maxBytes) {}

  /**
   * The local HTTP intake (always bound to 127.0.0.1).
   *
   * @param enabled start it in {@code run}
   * @param port TCP port (0 = any free port)
   */
  public record Intake(boolean enabled, int port, java.util.Set<String> otlpSources) {

    /** The assistants whose OpenTelemetry usage events {@code POST /v1/logs} may turn into events. */
    public static final java.util.Set<String> OTLP_SOURCES = java.util.Set.of("claude_code", "gemini_cli", "codex");

    public Intake {
      otlpSources = java.util.Set.copyOf(otlpSources);
    }

    public Intake(boolean enabled, int port) {
      this(enabled, port, java.util.Set.of("claude_code"));
    }
  }

  /**
   * Privacy of paths and the host name.
   *
   * @param hashPaths replace working directories and the host name with hashes in events
   * @param hashSalt the organisation's secret salt for every path and host hash ({@code privacy.hash-salt}
   *     or the content of {@code privacy.hash-salt-file}); empty: a salt derived from the org id
   * @param saltSource where the salt came from, for messages ("org id", "privacy.hash-salt", a file path)
   */
  public record Privacy(boolean hashPaths, Optional<String> hashSalt, String saltSource) {
    public Privacy {
      Objects.requireNonNull(hashSalt, "hashSalt");
      Objects.requireNonNull(saltSource, "saltSource");
    }

    /** Never prints the salt. */
    @Override
    public String toString() {
      return "Privacy[hashPaths=" + hashPaths + ", salt from " + saltSource + "]";
    }
  }

  /**
   * What the agent reports for the efficiency figures (ADR 0620): counts and names only.
   *
   * @param commits publish the commits made during sessions (hash, time, line and file counts; never a
   *     message, an author name or a path) — {@code efficiency.commits}
   * @param mcpInventory publish the names of the MCP servers configured in the assistants' settings
   *     (never their commands, arguments, environment or URLs) — {@code efficiency.mcp-inventory}
   * @param sessionIdle a session whose last event is older than this is finished: its commits are read
   * @param gitTimeout how long one {@code git log} may take
   */
  public record Efficiency(boolean commits, boolean mcpInventory, Duration sessionIdle, Duration gitTimeout) {
    public Efficiency {
      Objects.requireNonNull(sessionIdle, "sessionIdle");
      Objects.requireNonNull(gitTimeout, "gitTimeout");
      if (sessionIdle.isNegative() || sessionIdle.isZero()) {
        throw new IllegalArgumentException("efficiency.session-idle must be positive");
      }
    }
  }
}
