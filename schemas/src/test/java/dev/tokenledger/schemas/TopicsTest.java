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
    assertThat(t.all()).contains(t.commits(), t.mcpInventory()).doesNotHaveDuplicates().hasSize(10);
    assertThat(Topics.defaults().commits()).isEqualTo("agent.commits.v1");
  }

  @Test
  void theVarianceTopicTakesThePrefixAndIsCreatedWithTheOthersAsADeleteTopic() {
    Topics t = Topics.withPrefix("it-");
    assertThat(t.variances()).isEqualTo("it-reconciliation.variances.v1");
    assertThat(t.all()).contains(t.variances());
    assertThat(t.configFor(t.variances())).containsEntry("cleanup.policy", "delete").doesNotContainKey(Topics.TIMESTAMP_TYPE);
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
