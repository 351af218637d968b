package dev.tokenledger.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tokenledger.agent.attribution.Attributor;
import dev.tokenledger.agent.attribution.GitRepositoryReader;
import dev.tokenledger.agent.attribution.Hashes;
import dev.tokenledger.agent.attribution.MachineIdentity;
import dev.tokenledger.agent.commits.GitAuthorEmail;
import dev.tokenledger.agent.commits.GitCommitLog;
import dev.tokenledger.agent.efficiency.CommitCollector;
import dev.tokenledger.agent.efficiency.EfficiencyPublisher;
import dev.tokenledger.agent.efficiency.EfficiencyState;
import dev.tokenledger.agent.efficiency.InventoryReporter;
import dev.tokenledger.agent.efficiency.SessionTracker;
import dev.tokenledger.agent.inventory.ConfiguredMcpServer;
import dev.tokenledger.agent.source.ParsedUsage;
import dev.tokenledger.events.Accuracy;
import dev.tokenledger.events.McpInventoryEntry;
import dev.tokenledger.events.SessionCommit;
import dev.tokenledger.events.SourceTool;
import dev.tokenledger.events.TokenCounts;
import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.schemas.testing.MutableClock;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's efficiency path without Kafka: events attributed in a real git checkout are tracked, and
 * once the session is idle the commits of the repository's user.email in its span are published once,
 * as counts; the inventory goes out on the first round.
 */
class EfficiencyTasksTest {

  static final long T0 = 1_764_000_000L;   // 2025-11-24T16:00:00Z

  @TempDir
  Path tmp;

  final MutableClock clock = new MutableClock(Instant.ofEpochSecond(T0 + 3600));
  final List<SessionCommit> commits = new ArrayList<>();
  final List<McpInventoryEntry> inventory = new ArrayList<>();
  final EfficiencyPublisher publisher = new EfficiencyPublisher() {
    @Override
    public void commits(List<SessionCommit> records) {
      commits.addAll(records);
    }

    @Override
    public void inventory(List<McpInventoryEntry> entries) {
      inventory.addAll(entries);
    }
  };

  @Test
  void theCommitsOfAnIdleSessionArePublishedOnceAndTheInventoryOnTheFirstRound() throws Exception {
    assumeTrue(git(tmp, "--version") == 0, "no git binary on this machine");
    Path repo = Files.createDirectories(tmp.resolve("app"));
    Files.createDirectories(repo.resolve("src"));
    assertThat(git(repo, "init", "-q", "-b", "main")).isZero();
    assertThat(git(repo, "config", "user.email", "dev@example.com")).isZero();
    commit(repo, "dev@example.com", T0 + 120, "a.txt", "1\n2\n3\n");        // in the session: +3
    commit(repo, "other@example.com", T0 + 180, "b.txt", "1\n");           // someone else
    commit(repo, "dev@example.com", T0 + 240, "a.txt", "1\nchanged\n");    // in: +1 -2
    commit(repo, "dev@example.com", T0 + 7200, "c.txt", "1\n");            // long after

    EfficiencyState state = EfficiencyState.open(tmp);
    SessionTracker tracker = new SessionTracker(clock);
    CommitCollector collector = new CommitCollector(new GitCommitLog("git", Duration.ofSeconds(20))::commits,
        new GitAuthorEmail("git", Duration.ofSeconds(20))::of, publisher, state, clock, Duration.ofMinutes(15));
    InventoryReporter reporter = new InventoryReporter(() -> Set.of(new ConfiguredMcpServer("CLAUDE_CODE", "zen")),
        new InventoryReporter.Owner("acme", "alice", "payments", "laptop-7"), publisher, state, clock);
    EfficiencyTasks tasks = new EfficiencyTasks(tracker, collector, reporter, Duration.ofMinutes(15), clock, () -> { });

    MachineIdentity alice = new MachineIdentity("acme", "alice", Optional.empty(), "laptop-7", Optional.of("payments"),
        Optional.empty());
    Attributor attributor = tasks.observe(new Attributor(alice, new GitRepositoryReader(), Hashes.forOrg("acme"), false,
        Duration.ofHours(6), clock, "9.9"));
    UsageEvent first = attributor.attribute(usage(repo.resolve("src").toString(), Instant.ofEpochSecond(T0), "r1"));
    attributor.attribute(usage(repo.toString(), Instant.ofEpochSecond(T0 + 200), "r2"));
    attributor.attribute(usage(tmp.resolve("not-a-repo").toString(), Instant.ofEpochSecond(T0 + 200), "r3"));
    assertThat(tracker.size()).isEqualTo(1);

    tasks.tick();
    assertThat(commits).as("the session is not idle yet").isEmpty();
    assertThat(inventory).extracting(McpInventoryEntry::getServer).containsExactly("zen");

    clock.advance(Duration.ofMinutes(15));
    tasks.tick();
    assertThat(commits).extracting(c -> c.getLinesAdded() + "/" + c.getLinesRemoved() + "/" + c.getFilesChanged())
        .containsExactlyInAnyOrder("3/0/1", "1/2/1");
    assertThat(commits).allSatisfy(c -> {
      assertThat(c.getSessionId()).isEqualTo("sess-1");
      assertThat(c.getProjectId()).isEqualTo(first.getProjectId());
      assertThat(c.getUserId()).isEqualTo("alice");
      assertThat(c.getTeam()).isEqualTo("payments");
      assertThat(c.getCommitId()).isEqualTo("acme|" + first.getProjectId() + "|" + c.getCommitHash());
      assertThat(c.toString()).doesNotContain("a.txt").doesNotContain("dev@example.com");
    });

    // the same session seen again later (a re-read) finds the same commits: nothing is sent twice
    attributor.attribute(usage(repo.toString(), Instant.ofEpochSecond(T0 + 100), "r4"));
    clock.advance(Duration.ofMinutes(16));
    tasks.tick();
    assertThat(commits).hasSize(2);
    assertThat(inventory).as("unchanged, reported minutes ago").hasSize(1);
    assertThat(tasks.commitsPublished()).isEqualTo(2);
  }

  static ParsedUsage usage(String cwd, Instant at, String request) {
    return new ParsedUsage(SourceTool.CLAUDE_CODE, "2.1.39", "msg:" + request, "anthropic", "claude-opus-4-6", at, "sess-1",
        null, null, null, null, false, request, "msg_" + request,
        TokenCounts.newBuilder().setInput(3).setOutput(100).setCacheRead(5000).build(), "standard", null, 0, 0,
        List.of(), Accuracy.EXACT, new BigDecimal("0.0123"), cwd, null, null, null);
  }

  private static void commit(Path repo, String email, long epoch, String file, String content) throws Exception {
    Files.writeString(repo.resolve(file), content);
    String date = "@" + epoch + " +0000";
    Map<String, String> env = Map.of("GIT_AUTHOR_NAME", "n", "GIT_AUTHOR_EMAIL", email, "GIT_COMMITTER_NAME", "n",
        "GIT_COMMITTER_EMAIL", email, "GIT_AUTHOR_DATE", date, "GIT_COMMITTER_DATE", date);
    assertThat(git(repo, env, "add", file)).isZero();
    assertThat(git(repo, env, "commit", "-q", "-m", "secret plans")).isZero();
  }

  private static int git(Path dir, String... args) throws Exception {
    return git(dir, Map.of(), args);
  }

  private static int git(Path dir, Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("git", "-C", dir.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    pb.environment().putAll(env);
    Process p;
    try {
      p = pb.start();
    } catch (java.io.IOException e) {
      return -1;
    }
    return p.waitFor(30, TimeUnit.SECONDS) ? p.exitValue() : -1;
  }
}
