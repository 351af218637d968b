package dev.tokenledger.agent.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.events.SourceTool;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {

  @Test
  void sameSourceAndKeyAlwaysGiveTheSameId() {
    // pinned: changing the derivation would re-count every request already published
    assertThat(EventIds.of(SourceTool.CLAUDE_CODE, "msg_01ABC:req_01XYZ"))
        .isEqualTo(EventIds.of(SourceTool.CLAUDE_CODE, "msg_01ABC:req_01XYZ"))
        .isEqualTo(PINNED);
  }

  /**
   * printf 'tokenledger/usage/v1\0CLAUDE_CODE\0msg_01ABC:req_01XYZ' | sha256sum = 17fe1531a5967730b677...;
   * the version nibble (7 of "7730") becomes 8, the variant bits of "b6" already read 10.
   */
  static final String PINNED = "17fe1531-a596-8730-b677-24de7bdec5e5";

  @Test
  void idsAreVersion8UuidsThatDifferBySourceAndKey() {
    UUID id = EventIds.uuid(SourceTool.CODEX_CLI, "resp_1");
    assertThat(id.version()).isEqualTo(8);
    assertThat(id.variant()).isEqualTo(2);
    Set<String> ids = new HashSet<>();
    for (SourceTool t : SourceTool.values()) {
      for (int i = 0; i < 1000; i++) {
        ids.add(EventIds.of(t, "key-" + i));
      }
    }
    assertThat(ids).hasSize(SourceTool.values().length * 1000);
    assertThat(EventIds.of(SourceTool.CLAUDE_CODE, "a\u0000b")).isNotEqualTo(EventIds.of(SourceTool.CLAUDE_CODE, "a"));
  }
}
