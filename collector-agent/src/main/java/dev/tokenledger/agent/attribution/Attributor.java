package dev.tokenledger.agent.attribution;

import dev.tokenledger.agent.config.AgentConfig;
import dev.tokenledger.agent.event.EventIds;
import dev.tokenledger.agent.source.ParsedUsage;
import dev.tokenledger.events.ToolCall;
import dev.tokenledger.events.UsageEvent;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a {@link ParsedUsage} into a {@link UsageEvent}: the deterministic event id, the person and
 * machine, and the project from the session's working directory (git metadata cached per directory
 * and re-read at most every {@link #GIT_TTL}). The log's own branch and commit win; the working
 * directory's current HEAD is used only for events younger than the head window. Every text that
 * came from a log, a checkout or a report goes through {@link Credentials#scrub} (the git remote is
 * already reduced to host/owner/repo by {@link GitRemotes}), so no field can carry a credential.
 */
public final class Attributor {

  /** How long git metadata of a directory is reused before it is read again. */
  public static final Duration GIT_TTL = Duration.ofSeconds(30);

  private final MachineIdentity identity;
  private final GitRepositoryReader git;
  private final Hashes hashes;
  private final boolean hashPaths;
  private final Duration headWindow;
  private final Clock clock;
  private final String agentVersion;
  private final Map<String, Cached> cache = new HashMap<>();
  private final Map<String, String> hashed = new HashMap<>();
  private RepositoryObserver observer = (event, root) -> { };
  private OrgAssignments assignments = OrgAssignments.NONE;

  /** Told of every event attributed to a git checkout, with the checkout's root (which stays on this machine). */
  @FunctionalInterface
  public interface RepositoryObserver {
    void seen(UsageEvent event, Path root);
  }

  private record Cached(Optional<GitInfo> info, Instant readAt) {}

  /**
   * @param hashes the organisation's salted hashes (repository roots and directories always; the
   *     working directory too when {@code hashPaths})
   * @param hashPaths replace the working directory with its hash
   */
  public Attributor(MachineIdentity identity, GitRepositoryReader git, Hashes hashes, boolean hashPaths,
      Duration headWindow, Clock clock, String agentVersion) {
    this.identity = identity;
    this.git = git;
    this.hashes = java.util.Objects.requireNonNull(hashes, "hashes");
    this.hashPaths = hashPaths;
    this.headWindow = headWindow;
    this.clock = clock;
    this.agentVersion = agentVersion;
  }

  /** An attributor as configured (salted hashes, path hashing, head window) for this machine's identity. */
  public static Attributor forConfig(AgentConfig config, MachineIdentity identity, Clock clock) {
    return new Attributor(identity, new GitRepositoryReader(), Hashes.of(config), config.hashPaths(),
        config.headWindow(), clock, dev.tokenledger.agent.event.AgentVersion.current());
  }

  /**
   * The project id events from working directory {@code dir} are attributed to: the git remote, else
   * a hash of the repository root, else a hash of the directory.
   */
  public String projectId(String dir) {
    return projectId(dir, dir == null || dir.isBlank() ? Optional.empty() : gitInfo(dir, clock.instant()));
  }

  /** The normalised git remote of working directory {@code dir}'s checkout, if it has one. */
  public Optional<String> gitRemote(String dir) {
    return dir == null || dir.isBlank() ? Optional.empty() : gitInfo(dir, clock.instant()).flatMap(GitInfo::remote);
  }

  /**
   * The team and cost centre an event from working directory {@code dir} gets: each the configured one,
   * else the organisation mapping's for this machine's e-mail and the checkout's remote (null when neither).
   */
  public OrgAssignments.Assignment teamAndCostCentre(String dir) {
    OrgAssignments.Assignment a = assignments.assign(identity.userEmail().orElse(null), gitRemote(dir).orElse(null));
    return new OrgAssignments.Assignment(identity.team().orElse(a.team()), identity.team().isPresent() ? null : a.teamRule(),
        identity.costCentre().orElse(a.costCentre()), identity.costCentre().isPresent() ? null : a.costCentreRule());
  }

  private String projectId(String dir, Optional<GitInfo> info) {
    if (info.flatMap(GitInfo::remote).isPresent()) {
      return info.get().remote().get();
    }
    if (info.isPresent()) {
      return "repo-root:" + hash16(info.get().root().toString());
    }
    if (dir != null && !dir.isBlank()) {
      return "dir:" + hash16(dir);
    }
    return "unknown";
  }

  /** This attributor, telling {@code o} of every event attributed to a git checkout (ADR 0620: the commits of sessions). */
  public Attributor observeRepositories(RepositoryObserver o) {
    this.observer = java.util.Objects.requireNonNull(o, "observer");
    return this;
  }

  /**
   * This attributor, taking the team and cost centre the configuration leaves open from {@code a} (the
   * organisation mapping, ADR 0144): per field, the configuration wins, then the mapping.
   */
  public Attributor assignFrom(OrgAssignments a) {
    this.assignments = java.util.Objects.requireNonNull(a, "assignments");
    return this;
  }

  /** The organisation mapping this attributor consults ({@link OrgAssignments#NONE} when there is none). */
  public OrgAssignments assignments() {
    return assignments;
  }

  /** The event for one parsed request whose counts were read from {@code origin} (ADR 0145). */
  public UsageEvent attribute(ParsedUsage u, dev.tokenledger.events.CountsOrigin origin) {
    return UsageEvent.newBuilder(attribute(u)).setCountsOrigin(java.util.Objects.requireNonNull(origin, "origin")).build();
  }

  /** The event for one parsed request (counts origin UNKNOWN: {@link #attribute(ParsedUsage, dev.tokenledger.events.CountsOrigin)} says it). */
  public UsageEvent attribute(ParsedUsage u) {
    Instant now = clock.instant();
    String dir = u.workingDirectory();
    Optional<GitInfo> info = dir == null || dir.isBlank() ? Optional.empty() : gitInfo(dir, now);
    boolean recent = !u.eventTime().isBefore(now.minus(headWindow));
    String repoRootHash = info.map(i -> hash16(i.root().toString())).orElse(null);
    String projectId = projectId(dir, info);
    String branch = nonBlank(u.gitBranch());
    if (branch == null && recent) {
      branch = info.flatMap(GitInfo::branch).orElse(null);
    }
    String commit = nonBlank(u.gitCommit());
    boolean sameBranchAsHead = u.gitBranch() == null || u.gitBranch().equals(info.flatMap(GitInfo::branch).orElse(null));
    if (commit == null && recent && sameBranchAsHead) {
      commit = info.flatMap(GitInfo::commit).orElse(null);
    }
    String remote = info.flatMap(GitInfo::remote).orElse(null);
    String team = identity.team().orElse(null);
    String costCentre = identity.costCentre().orElse(null);
    if (team == null || costCentre == null) {
      OrgAssignments.Assignment a = assignments.assign(identity.userEmail().orElse(null), remote);
      team = team != null ? team : a.team();
      costCentre = costCentre != null ? costCentre : a.costCentre();
    }
    String worktree = dir == null || dir.isBlank() ? null : hashPaths ? "path:" + hash16(dir) : Credentials.scrub(dir);
    UsageEvent event = UsageEvent.newBuilder()
        .setEventId(EventIds.of(u.source(), u.dedupKey()))
        .setSource(u.source())
        .setSourceVersion(Credentials.scrub(u.sourceVersion()))
        .setProvider(Credentials.scrub(u.provider()))
        .setModel(Credentials.scrub(u.model()))
        .setEventTime(u.eventTime())
        .setObservedTime(now)
        .setOrgId(identity.orgId())
        .setUserId(identity.userId())
        .setUserEmail(identity.userEmail().orElse(null))
        .setHost(identity.host())
        .setTeam(team)
        .setCostCentre(costCentre)
        .setProjectId(projectId)
        .setGitRemote(remote)
        .setRepoRootHash(repoRootHash)
        .setBranch(Credentials.scrub(branch))
        .setCommit(Credentials.scrub(commit))
        .setWorktree(worktree)
        .setSessionId(Credentials.scrub(u.sessionId()))
        .setParentSessionId(Credentials.scrub(u.parentSessionId()))
        .setAgentName(Credentials.scrub(u.agentName()))
        .setAgentRole(Credentials.scrub(u.agentRole()))
        .setWorkflowStep(Credentials.scrub(u.workflowStep()))
        .setIsSidechain(u.sidechain())
        .setRequestId(Credentials.scrub(u.requestId()))
        .setMessageId(Credentials.scrub(u.messageId()))
        .setTokens(u.tokens())
        .setServiceTier(Credentials.scrub(u.serviceTier()))
        .setSpeed(Credentials.scrub(u.speed()))
        .setWebSearchRequests(u.webSearchRequests())
        .setWebFetchRequests(u.webFetchRequests())
        .setToolCalls(toolCalls(u.toolCalls()))
        .setAccuracy(u.accuracy())
        .setReportedCostUsd(u.reportedCostUsd() == null ? null : u.reportedCostUsd().setScale(9, java.math.RoundingMode.HALF_EVEN))
        .setAgentVersion(agentVersion)
        .setNotes(Credentials.scrub(u.notes()))
        .build();
    if (info.isPresent()) {
      observer.seen(event, info.get().root());
    }
    return event;
  }

  /** Tool calls with credential-free names (the list itself when nothing changes). */
  private static List<ToolCall> toolCalls(List<ToolCall> calls) {
    List<ToolCall> out = null;
    for (int i = 0; i < calls.size(); i++) {
      ToolCall c = calls.get(i);
      String name = c.getName().toString();
      String clean = Credentials.scrub(name);
      if (!clean.equals(name) && out == null) {
        out = new ArrayList<>(calls.subList(0, i));
      }
      if (out != null) {
        out.add(clean.equals(name) ? c : ToolCall.newBuilder(c).setName(clean)
            .setMcpServer(Credentials.scrub(c.getMcpServer() == null ? null : c.getMcpServer().toString()))
            .setMcpTool(Credentials.scrub(c.getMcpTool() == null ? null : c.getMcpTool().toString())).build());
      }
    }
    return out == null ? calls : out;
  }

  /** {@link Hashes#hash16}, remembered per text: a session's events share their directory (an HMAC each otherwise). */
  private String hash16(String text) {
    String h = hashed.get(text);
    if (h == null) {
      if (hashed.size() > 10_000) {
        hashed.clear();
      }
      h = hashes.hash16(text);
      hashed.put(text, h);
    }
    return h;
  }

  private Optional<GitInfo> gitInfo(String dir, Instant now) {
    Cached c = cache.get(dir);
    if (c != null && c.readAt().plus(GIT_TTL).isAfter(now)) {
      return c.info();
    }
    Optional<GitInfo> info;
    try {
      info = git.read(Path.of(dir));
    } catch (InvalidPathException e) {
      info = Optional.empty();
    }
    if (cache.size() > 10_000) {
      cache.clear();
    }
    cache.put(dir, new Cached(info, now));
    return info;
  }

  private static String nonBlank(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
