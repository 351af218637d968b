package dev.tokenledger.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.agent.attribution.Attributor;
import dev.tokenledger.agent.attribution.GitRepositoryReader;
import dev.tokenledger.agent.attribution.Hashes;
import dev.tokenledger.agent.attribution.MachineIdentity;
import dev.tokenledger.agent.source.ParseProblem;
import dev.tokenledger.agent.source.ParsedUsage;
import dev.tokenledger.agent.validation.UsageLimits;
import dev.tokenledger.agent.validation.UsageValidator;
import dev.tokenledger.events.Accuracy;
import dev.tokenledger.events.SourceTool;
import dev.tokenledger.events.TokenCounts;
import dev.tokenledger.events.UsageEvent;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FileReadSinkTest {

  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  static ParsedUsage usage(String key, Instant at, long output) {
    return new ParsedUsage(SourceTool.CLAUDE_CODE, "2.1.39", key, "anthropic", "claude-opus-4-6", at, "sess-1",
        null, null, "main", null, false, key, key, TokenCounts.newBuilder().setInput(3).setOutput(output).build(),
        null, null, 0, 0, List.of(), Accuracy.EXACT, null, null, null, null, null);
  }

  @Test
  void requestsAreCheckedAttributedAndCountedAsNewOrDuplicate() {
    Attributor attributor = new Attributor(new MachineIdentity("acme", "alice", Optional.empty(), "laptop",
        Optional.empty(), Optional.empty()), new GitRepositoryReader(), Hashes.forOrg("acme"), false,
        Duration.ofHours(6), CLOCK, "9.9");
    Set<String> spooled = new HashSet<>();
    List<UsageEvent> accepted = new ArrayList<>();
    EventSink sink = new EventSink() {
      @Override
      public boolean accept(UsageEvent event) {
        accepted.add(event);
        return spooled.add(event.getEventId().toString());
      }

      @Override
      public void commit() {}
    };
    List<ParseProblem> problems = new ArrayList<>();
    Path file = Path.of("/logs/a.jsonl");
    FileReadSink read = new FileReadSink(SourceTool.CLAUDE_CODE, file, NOW.minusSeconds(3600),
        new UsageValidator(UsageLimits.DEFAULTS, CLOCK), attributor, sink, (tool, p) -> problems.add(p), h -> {});

    read.usage(usage("k1", NOW.minusSeconds(60), 10));
    read.usage(usage("k1", NOW.minusSeconds(60), 10));
    read.usage(usage("k2", NOW.minusSeconds(7200), 10));
    read.usage(usage("k3", NOW.minusSeconds(30), 2_000_000));

    assertThat(read.counters().events).isEqualTo(2);
    assertThat(read.counters().duplicates).isEqualTo(1);
    assertThat(read.counters().lastEventTime).isEqualTo(NOW.minusSeconds(60));
    assertThat(read.fileLastEventTime()).isEqualTo(NOW.minusSeconds(60));
    assertThat(accepted).hasSize(3);
    assertThat(problems).singleElement().satisfies(p -> {
      assertThat(p.kind()).isEqualTo(ParseProblem.Kind.OUT_OF_LIMITS);
      assertThat(p.file()).isEqualTo(file);
      assertThat(p.reason()).startsWith("request not published: ");
    });
  }
}
