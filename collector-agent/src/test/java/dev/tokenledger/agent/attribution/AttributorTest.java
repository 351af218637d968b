package dev.tokenledger.agent.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.agent.source.ParsedUsage;
import dev.tokenledger.events.Accuracy;
import dev.tokenledger.events.SourceTool;
import dev.tokenledger.events.TokenCounts;
import dev.tokenledger.events.UsageEvent;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttributorTest {

  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final Hashes HASHES = Hashes.forOrg("acme");

  @TempDir
  Path tmp;

  final MachineIdentity alice = new MachineIdentity("acme", "alice", Optional.of("alice@acme.test"), "laptop-7",
      Optional.of("payments"), Optional.of("CC-42"));

  Attributor attributor(boolean hash) {
    return new Attributor(alice, new GitRepositoryReader(), HASHES, hash, Duration.ofHours(6), Clock.fixed(NOW, ZoneOffset.UTC),
        "9.9");
  }

  static ParsedUsage usage(String cwd, Instant at, String branch, String commit) {
    return new ParsedUsage(SourceTool.CLAUDE_CODE, "2.1.39", "msg_1:req_1", "anthropic", "claude-opus-4-6", at, "sess-1",
        null, "agent-a", "general-purpose", null, true, "req_1", "msg_1",
        TokenCounts.newBuilder().setInput(3).setOutput(100).setCacheRead(5000).build(), "standard", null, 1, 0,
        List.of(), Accuracy.EXACT, new BigDecimal("0.0123"), cwd, branch, commit, null);
  }

  @Test
  void recentEventTakesProjectBranchAndCommitFromTheCheckout() throws IOException {
    Path root = GitRepositoryReaderTest.repo(tmp.resolve("widgets"));
    UsageEvent e = attributor(false).attribute(usage(root.toString(), NOW.minusSeconds(60), null, null));
    assertThat(e.getProjectId()).isEqualTo("github.com/acme/widgets");
    assertThat(e.getGitRemote()).isEqualTo("github.com/acme/widgets");
    assertThat(e.getRepoRootHash()).isEqualTo(HASHES.hash16(root.toString()));
    assertThat(e.getBranch()).isEqualTo("main");
    assertThat(e.getCommit()).isEqualTo(GitRepositoryReaderTest.C1);
    assertThat(e.getWorktree()).isEqualTo(root.toString());
    assertThat(e.getUserId()).isEqualTo("alice");
    assertThat(e.getTeam()).isEqualTo("payments");
    assertThat(e.getCostCentre()).isEqualTo("CC-42");
    assertThat(e.getOrgId()).isEqualTo("acme");
    assertThat(e.getObservedTime()).isEqualTo(NOW);
    assertThat(e.getAgentVersion()).isEqualTo("9.9");
    assertThat(e.getIsSidechain()).isTrue();
    assertThat(e.getReportedCostUsd()).isEqualByComparingTo("0.0123");
  }

  @Test
  void theLogsOwnBranchWinsAndOldHistoryGetsNoCommitFromTodaysCheckout() throws IOException {
    Path root = GitRepositoryReaderTest.repo(tmp.resolve("widgets"));
    UsageEvent logged = attributor(false).attribute(usage(root.toString(), NOW.minusSeconds(60), "feature/y", null));
    assertThat(logged.getBranch()).isEqualTo("feature/y");
    assertThat(logged.getCommit()).as("HEAD is on main, not on the logged branch").isNull();
    UsageEvent old = attributor(false).attribute(usage(root.toString(), NOW.minus(Duration.ofDays(30)), null, null));
    assertThat(old.getProjectId()).isEqualTo("github.com/acme/widgets");
    assertThat(old.getBranch()).isNull();
    assertThat(old.getCommit()).isNull();
  }

  @Test
  void projectFallsBackToRepoRootThenDirectoryHash() throws IOException {
    Path noRemote = tmp.resolve("local");
    Files.createDirectories(noRemote.resolve(".git"));
    Files.writeString(noRemote.resolve(".git/HEAD"), "ref: refs/heads/main\n");
    assertThat(attributor(false).attribute(usage(noRemote.toString(), NOW, null, null)).getProjectId())
        .isEqualTo("repo-root:" + HASHES.hash16(noRemote.toString()));
    assertThat(attributor(false).attribute(usage("/gone/away", NOW, null, null)).getProjectId())
        .isEqualTo("dir:" + HASHES.hash16("/gone/away"));
    assertThat(attributor(false).attribute(usage(null, NOW, null, null)).getProjectId()).isEqualTo("unknown");
  }

  @Test
  void hashingReplacesTheWorkingDirectory() {
    UsageEvent e = attributor(true).attribute(usage("/home/alice/secret-project", NOW, null, null));
    assertThat(e.getWorktree()).isEqualTo("path:" + HASHES.hash16("/home/alice/secret-project"));
    assertThat(e.toString()).doesNotContain("secret-project");
  }

  @Test
  void eventIdDependsOnlyOnSourceAndDedupKey() {
    UsageEvent a = attributor(false).attribute(usage("/a", NOW, null, null));
    UsageEvent b = attributor(true).attribute(usage("/b", NOW.minusSeconds(5), "x", "y"));
    assertThat(a.getEventId()).isEqualTo(b.getEventId());
  }

  @Test
  void aRemoteWithATokenGivesTheProjectAndNoFieldCarriesTheToken() throws IOException {
    // before: projectId and gitRemote were "https/me@corp.com:TOKEN@github.com/o/r"
    Path root = GitRepositoryReaderTest.repo(tmp.resolve("widgets"));
    Files.writeString(root.resolve(".git/config"), """
        [remote "origin"]
        \turl = https://me@corp.com:TOKEN1@github.com/acme/widgets.git?access_token=TOKEN2
        """);
    ParsedUsage u = new ParsedUsage(SourceTool.API, "https://u:TOKEN3@x.example/v", "api:r1", "anthropic",
        "claude-opus-4-6", NOW, "https://u:TOKEN4@x.example/s", null, "ATLAS token=TOKEN5", null,
        "deploy https://ci:TOKEN6@ci.example/job?secret=TOKEN7", false, "req_1", null,
        TokenCounts.newBuilder().setInput(3).setOutput(1).build(), null, null, 0, 0,
        List.of(dev.tokenledger.events.ToolCall.newBuilder().setName("fetch https://u:TOKEN8@x.example").setCount(1).build()),
        Accuracy.ESTIMATED, null, root.toString(), "feature/x", null,
        "pushed with ghp_abcdefghijklmnopqrstuvwxyz0123456789 to https://me:TOKEN9@github.com/acme/widgets");
    UsageEvent e = attributor(false).attribute(u);
    assertThat(e.getProjectId()).isEqualTo("github.com/acme/widgets");
    assertThat(e.getGitRemote()).isEqualTo("github.com/acme/widgets");
    assertThat(e.getBranch()).isEqualTo("feature/x");
    assertThat(e.getNotes()).isEqualTo("pushed with [redacted] to https://github.com/acme/widgets");
    assertThat(e.getWorkflowStep()).isEqualTo("deploy https://ci.example/job");
    assertThat(e.getToolCalls().get(0).getName()).isEqualTo("fetch https://x.example");
    assertThat(e.toString()).doesNotContain("TOKEN").doesNotContain("ghp_");
  }

  @Test
  void saltsChangeEveryPathHashButNeverTheEventId() throws IOException {
    Path root = GitRepositoryReaderTest.repo(tmp.resolve("widgets"));
    ParsedUsage u = usage(root.toString(), NOW, null, null);
    UsageEvent byOrg = attributor(true).attribute(u);
    UsageEvent secret = new Attributor(alice, new GitRepositoryReader(), Hashes.withSalt("0123456789abcdef-acme-secret"),
        true, Duration.ofHours(6), Clock.fixed(NOW, ZoneOffset.UTC), "9.9").attribute(u);
    assertThat(secret.getRepoRootHash()).isNotEqualTo(byOrg.getRepoRootHash());
    assertThat(secret.getWorktree()).isNotEqualTo(byOrg.getWorktree()).startsWith("path:");
    assertThat(secret.getEventId()).isEqualTo(byOrg.getEventId())
        .isEqualTo(dev.tokenledger.agent.event.EventIds.of(SourceTool.CLAUDE_CODE, "msg_1:req_1"));
    UsageEvent dir = new Attributor(alice, new GitRepositoryReader(), Hashes.withSalt("0123456789abcdef-acme-secret"),
        false, Duration.ofHours(6), Clock.fixed(NOW, ZoneOffset.UTC), "9.9").attribute(usage("/gone/away", NOW, null, null));
    assertThat(dir.getProjectId()).isEqualTo("dir:" + Hashes.withSalt("0123456789abcdef-acme-secret").hash16("/gone/away"));
  }
}
