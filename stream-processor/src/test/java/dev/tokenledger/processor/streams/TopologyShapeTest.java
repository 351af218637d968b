package dev.tokenledger.processor.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.processor.config.TopologySettings;
import dev.tokenledger.schemas.Topics;
import dev.tokenledger.schemas.testing.InMemorySchemaRegistry;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/**
 * The nodes a record passes (ADR 0229): each processor forwards each kind of output by name straight to
 * the node that handles it, so these are the processors' children, and the names they forward to exist.
 * The internal topics and stores keep their names (an upgrade finds its data).
 */
class TopologyShapeTest {

  private final TopologyDescription description = UsageTopology.build(Topics.withPrefix("test."),
      TopologySerdes.create(new InMemorySchemaRegistry()), TopologySettings.defaults(ZoneOffset.UTC)).describe();

  @Test
  void everyProcessorForwardsStraightToTheNodesThatHandleItsOutputs() {
    Map<String, Set<String>> children = children();
    assertThat(children.get("intake")).containsExactlyInAnyOrder(NodeNames.PRICED_BY_ORG_ENTRY, NodeNames.INTAKE_REJECTED_SINK);
    assertThat(children.get(NodeNames.PRICED_BY_ORG_ENTRY)).containsExactly(NodeNames.PRICED_BY_ORG + "-repartition-sink");
    assertThat(children.get(NodeNames.PRICED_BY_ORG + "-repartition-source")).containsExactly("precedence");
    assertThat(children.get("precedence")).containsExactlyInAnyOrder(NodeNames.PRICED_SINK, NodeNames.ROLLUPS);
    assertThat(children.get(NodeNames.ROLLUPS)).containsExactlyInAnyOrder(NodeNames.ROLLUPS_SINK, NodeNames.LATE_REJECTED_SINK,
        NodeNames.BUDGETS);
    assertThat(children.get(NodeNames.BUDGETS)).containsExactly("breaches-sink");
  }

  @Test
  void theRepartitionTopicAndTheStoresKeepTheirNames() {
    Set<String> topics = new TreeSet<>();
    Set<String> stores = new TreeSet<>();
    for (TopologyDescription.Subtopology s : description.subtopologies()) {
      for (TopologyDescription.Node n : s.nodes()) {
        if (n instanceof TopologyDescription.Sink sink) {
          topics.add(sink.topic());
        } else if (n instanceof TopologyDescription.Processor p) {
          stores.addAll(p.stores());
        }
      }
    }
    assertThat(topics).contains("priced-by-org-repartition");
    // every store's name is its changelog topic's: the exact set, so that adding one is a deliberate change
    assertThat(stores).containsExactlyInAnyOrder(StoreNames.DEDUP, StoreNames.UNPRICED,
        StoreNames.UNPRICED_SINCE, StoreNames.CONTROL_REJECTS_REPORTED, StoreNames.PRECEDENCE, StoreNames.ROLLUP_CURRENT,
        StoreNames.ROLLUP_OLDER, StoreNames.ROLLUP_SESSIONS, StoreNames.ROLLUP_SESSION_SEEN, StoreNames.ROLLUP_DIRTY,
        StoreNames.ROLLUP_EXPIRY, StoreNames.ROLLUP_CLOCK, StoreNames.BREACHES_REPORTED, StoreNames.BUDGET_SPEND);
  }

  private Map<String, Set<String>> children() {
    Map<String, Set<String>> out = new TreeMap<>();
    for (TopologyDescription.Subtopology s : description.subtopologies()) {
      for (TopologyDescription.Node n : s.nodes()) {
        Set<String> names = new TreeSet<>();
        n.successors().forEach(c -> names.add(c.name()));
        out.put(n.name(), names);
      }
    }
    return out;
  }
}
