package dev.tokenledger.agent.source.codex;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CodexSessionMetaTest {

  @Test
  void a_spawned_sub_agent_thread_has_its_parent_role_name_and_replay_second() throws IOException {
    JsonNode line = CodexJson.JSON.readTree("""
        {"timestamp":"2026-09-01T10:00:00.500Z","type":"session_meta","payload":{"id":"child","session_id":"root",
         "source":{"subagent":{"thread_spawn":{"parent_thread_id":"parent","agent_role":"explorer",
         "agent_nickname":"Ada"}}},"cwd":"/w","git":{"branch":"main","commit_hash":"abc1234"},
         "cli_version":"0.50.0","model_provider":"OpenAI"}}""");
    ObjectNode state = CodexJson.JSON.createObjectNode();
    CodexSessionMeta.apply(state, line, line.path("payload"));
    assertThat(state.path("s").asText()).isEqualTo("child");
    assertThat(state.path("p").asText()).isEqualTo("parent");
    assertThat(state.path("role").asText()).isEqualTo("explorer");
    assertThat(state.path("an").asText()).isEqualTo("Ada");
    assertThat(state.path("b").asText()).isEqualTo("main");
    assertThat(CodexSessionMeta.inReplaySecond(state, Instant.parse("2026-09-01T10:00:00.900Z"))).isTrue();
    assertThat(CodexSessionMeta.inReplaySecond(state, Instant.parse("2026-09-01T10:00:01Z"))).isFalse();

    JsonNode second = CodexJson.JSON.readTree("{\"type\":\"session_meta\",\"payload\":{\"id\":\"other\"}}");
    CodexSessionMeta.apply(state, second, second.path("payload"));
    assertThat(state.path("s").asText()).as("only the first session_meta counts").isEqualTo("child");
  }

  @Test
  void the_root_session_is_the_parent_when_no_parent_is_named() throws IOException {
    JsonNode line = CodexJson.JSON.readTree("{\"type\":\"session_meta\",\"payload\":{\"id\":\"a\",\"session_id\":\"r\"}}");
    ObjectNode state = CodexJson.JSON.createObjectNode();
    CodexSessionMeta.apply(state, line, line.path("payload"));
    assertThat(state.path("p").asText()).isEqualTo("r");
    assertThat(state.has("sub")).isFalse();
    assertThat(state.has("replaySec")).isFalse();
  }
}
