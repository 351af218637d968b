package dev.tokenledger.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicsTest {

  @Test
  void theEfficiencyInputTopicsTakeThePrefixAndAreCreatedWithTheOthers() {
    Topics t = Topics.withPrefix("it-");
    assertThat(t.commits()).isEqualTo("it-agent.commits.v1");
    assertThat(t.mcpInventory()).isEqualTo("it-agent.mcp-inventory.v1");
    assertThat(t.all()).contains(t.commits(), t.mcpInventory()).doesNotHaveDuplicates().hasSize(9);
    assertThat(Topics.defaults().commits()).isEqualTo("agent.commits.v1");
  }

  @Test
  void everyTopicAnAgentWritesIsStampedByTheBroker() {
    Topics t = Topics.defaults();
    assertThat(t.agentWritten()).containsExactly(t.usageEvents(), t.commits(), t.mcpInventory());
    for (String topic : t.agentWritten()) {
      assertThat(t.configFor(topic)).containsEntry(Topics.TIMESTAMP_TYPE, Topics.LOG_APPEND_TIME);
    }
    assertThat(t.configFor(t.priced())).doesNotContainKey(Topics.TIMESTAMP_TYPE);
  }

  @Test
  void anInvalidNameIsRefused() {
    assertThatThrownBy(() -> Topics.withPrefix("bad prefix "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid Kafka topic name");
  }
}
