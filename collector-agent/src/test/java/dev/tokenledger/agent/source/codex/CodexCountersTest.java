package dev.tokenledger.agent.source.codex;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodexCountersTest {

  private static final long[] T1 = {100, 20, 10, 4, 110};
  private static final long[] T2 = {150, 50, 30, 6, 180};

  @Test
  void the_first_total_is_the_delta_and_becomes_the_baseline() {
    CodexCounters.Step s = CodexCounters.step(T1, T1, null, "2026-09-01T10:00:00Z");
    assertThat(s.delta()).containsExactly(T1);
    assertThat(s.exact()).isTrue();
    assertThat(s.keyPart()).isEqualTo("tc|2026-09-01T10:00:00Z|100,20,10,4,110");
    assertThat(s.baseline()).containsExactly(T1);
  }

  @Test
  void an_increase_gives_the_difference_exact_only_when_last_usage_agrees() {
    CodexCounters.Step s = CodexCounters.step(T2, null, T1, "t");
    assertThat(s.delta()).containsExactly(50, 30, 20, 2, 70);
    assertThat(s.exact()).isFalse();
    assertThat(CodexCounters.step(T2, new long[] {50, 30, 20, 2, 0}, T1, "t").exact()).isTrue();
  }

  @Test
  void unchanged_totals_give_nothing_and_a_reset_uses_last_usage() {
    assertThat(CodexCounters.step(T1, T1, T1.clone(), "t")).isNull();
    long[] last = {5, 0, 1, 0, 6};
    CodexCounters.Step reset = CodexCounters.step(T1, last, T2, "t");
    assertThat(reset.delta()).containsExactly(last);
    assertThat(reset.baseline()).containsExactly(T1);
    assertThat(CodexCounters.step(T1, null, T2, "t").delta()).containsExactly(T1);
  }

  @Test
  void without_totals_last_usage_is_the_request_and_the_baseline_stays() {
    CodexCounters.Step s = CodexCounters.step(null, T1, T2, "t");
    assertThat(s.delta()).containsExactly(T1);
    assertThat(s.exact()).isTrue();
    assertThat(s.keyPart()).isEqualTo("tl|t|100,20,10,4,110");
    assertThat(s.baseline()).isNull();
  }

  @Test
  void counters_are_read_as_counts_and_kept_in_the_state() throws IOException {
    JsonNode usage = CodexJson.JSON.readTree("{\"input_tokens\":7,\"output_tokens\":2}");
    List<String> invalid = new ArrayList<>();
    long[] c = CodexCounters.counters(usage, "u", invalid);
    assertThat(c).containsExactly(7, 0, 2, 0, 0);
    assertThat(CodexCounters.longs(CodexCounters.array(c))).containsExactly(c);
    assertThat(CodexCounters.counters(CodexJson.JSON.readTree("null"), "u", invalid)).isNull();
    CodexCounters.counters(CodexJson.JSON.readTree("{\"input_tokens\":-50,\"output_tokens\":\"12\"}"), "u", invalid);
    assertThat(invalid).hasSize(2).allSatisfy(p -> assertThat(p).startsWith("u."));
    assertThat(CodexCounters.allZero(new long[] {0, 0, 0, 0, 9})).isTrue();
  }
}
