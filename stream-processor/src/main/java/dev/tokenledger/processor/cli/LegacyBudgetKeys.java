package dev.tokenledger.processor.cli;

import dev.tokenledger.events.Budget;
import dev.tokenledger.processor.budget.BudgetKeys;
import dev.tokenledger.processor.streams.runtime.CompactedTopicReader;
import dev.tokenledger.schemas.serde.AvroSerde;
import dev.tokenledger.schemas.serde.WireFormatException;
import dev.tokenledger.settings.KafkaConnection;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Budgets put before keys were scoped by organisation are keyed by their bare id. Putting or deleting
 * {@code <org>|<id>} also deletes the bare-id record of the same organisation and id, so it can never come
 * back as a second budget (with its old limit) after the scoped one is changed or deleted.
 */
final class LegacyBudgetKeys {

  private LegacyBudgetKeys() {}

  /** Tombstones for the bare-id records that {@code records} (scoped keys) replace. */
  static List<Map.Entry<String, Budget>> tombstones(KafkaConnection bootstrap, String topic, AvroSerde<Budget> serde,
      List<Map.Entry<String, Budget>> records) {
    Map<String, byte[]> current = CompactedTopicReader.latest(bootstrap, topic, Duration.ofSeconds(60));
    List<Map.Entry<String, Budget>> out = new ArrayList<>();
    for (Map.Entry<String, Budget> r : records) {
      int bar = r.getKey().indexOf('|');
      if (bar < 0) {
        continue;
      }
      String org = r.getKey().substring(0, bar);
      String id = r.getKey().substring(bar + 1);
      byte[] legacy = current.get(id);
      if (legacy != null && org.equals(orgOf(serde, topic, legacy)) && BudgetKeys.of(org, id).equals(r.getKey())) {
        out.add(new AbstractMap.SimpleEntry<>(id, null));
      }
    }
    return out;
  }

  private static String orgOf(AvroSerde<Budget> serde, String topic, byte[] bytes) {
    try {
      return serde.decode(topic, bytes).getOrgId();
    } catch (WireFormatException.RegistryUnavailable e) {
      throw e;
    } catch (WireFormatException e) {
      return null;
    }
  }
}
