package dev.tokenledger.processor.streams.runtime;

import dev.tokenledger.events.Budget;
import dev.tokenledger.events.BudgetBreach;
import dev.tokenledger.events.ModelPrice;
import dev.tokenledger.events.PricedUsage;
import dev.tokenledger.events.RejectedEvent;
import dev.tokenledger.events.UsageEvent;
import dev.tokenledger.events.UsageRollup;
import dev.tokenledger.processor.streams.StoreNames;
import dev.tokenledger.schemas.Topics;
import dev.tokenledger.schemas.registry.SchemaRegistry;
import dev.tokenledger.schemas.serde.AvroSerde;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

/**
 * Registers every value schema the topology writes (output topics, the repartition topic, store
 * changelogs) once, from one thread, before the stream threads start. Concurrent first registrations of
 * the same subject from several stream threads race on some registries (Apicurio answers the loser
 * with HTTP 409 "already exists"), which would stop the app; afterwards the caching registry answers
 * from memory.
 */
public final class SchemaPreregistration {

  private SchemaPreregistration() {}

  /** Subject → schema of everything the topology of {@code applicationId} serializes. */
  public static Map<String, Schema> subjects(Topics topics, String applicationId) {
    Map<String, Schema> out = new LinkedHashMap<>();
    put(out, topics.priced(), PricedUsage.class);
    put(out, topics.rollups(), UsageRollup.class);
    put(out, topics.rejected(), RejectedEvent.class);
    put(out, topics.breaches(), BudgetBreach.class);
    put(out, topics.prices(), ModelPrice.class);
    put(out, topics.budgets(), Budget.class);
    put(out, applicationId + "-priced-by-org-repartition", PricedUsage.class);
    put(out, applicationId + "-" + StoreNames.UNPRICED + "-changelog", UsageEvent.class);
    return out;
  }

  public static void registerAll(SchemaRegistry registry, Topics topics, String applicationId) {
    subjects(topics, applicationId).forEach(registry::register);
  }

  private static void put(Map<String, Schema> out, String topic, Class<?> type) {
    out.put(AvroSerde.subject(topic, false), SpecificData.get().getSchema(type));
  }
}
