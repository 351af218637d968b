package dev.tokenledger.api.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenledger.api.budget.BudgetDefinition;
import dev.tokenledger.api.budget.BudgetPeriod;
import dev.tokenledger.api.budget.BudgetScope;
import dev.tokenledger.api.budget.BudgetStoreUnavailableException;
import dev.tokenledger.events.Budget;
import dev.tokenledger.schemas.registry.CachingSchemaRegistry;
import dev.tokenledger.schemas.registry.RegistryConfig;
import dev.tokenledger.schemas.serde.AvroSerde;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The mapping to the contract's record, and a store that cannot reach Kafka (no broker needed). */
class KafkaBudgetStoreTest {

  private static final BudgetDefinition BUDGET = new BudgetDefinition("acme", "platform-monthly", BudgetScope.COST_CENTRE, "cc-7",
      BudgetPeriod.WEEK, new BigDecimal("500.000000000"), List.of(50, 80, 100), Optional.of("Europe/Berlin"), false,
      List.of("slack-platform"), Instant.parse("2026-11-10T12:00:00Z"));

  @Test
  void theDomainRecordMapsToTheContractAndBack() {
    Budget avro = BudgetRecords.toAvro(BUDGET);
    assertThat(avro.getScope().name()).isEqualTo("COST_CENTRE");
    assertThat(avro.getPeriod().name()).isEqualTo("WEEK");
    assertThat(avro.getLimitUsd()).isEqualTo(new BigDecimal("500.000000000"));
    assertThat(avro.getTimeZone()).isEqualTo("Europe/Berlin");
    assertThat(BudgetRecords.fromAvro(avro)).isEqualTo(BUDGET);
    assertThat(BudgetRecords.key("acme", "platform-monthly")).isEqualTo("acme|platform-monthly");
  }

  @Test
  void aStoreThatHasNotCaughtUpIsUnavailable() throws Exception {
    AvroSerde<Budget> serde = AvroSerde.forValue(Budget.class, CachingSchemaRegistry.connect(RegistryConfig.of("http://127.0.0.1:1")));
    try (KafkaBudgetStore store = new KafkaBudgetStore("127.0.0.1:1", "budgets.v1", serde, Duration.ofSeconds(1)).start()) {
      assertThat(store.awaitReady(Duration.ofMillis(300))).isFalse();
      assertThatThrownBy(() -> store.list("acme")).isInstanceOf(BudgetStoreUnavailableException.class);
      assertThatThrownBy(() -> store.find("acme", "x")).isInstanceOf(BudgetStoreUnavailableException.class);
      assertThatThrownBy(() -> store.put(BUDGET)).isInstanceOf(BudgetStoreUnavailableException.class);
      assertThatThrownBy(() -> store.delete("acme", "x")).isInstanceOf(BudgetStoreUnavailableException.class);
    }
  }
}
