package dev.tokenledger.api.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenledger.api.query.QueryId;
import dev.tokenledger.api.query.WarehouseException;
import dev.tokenledger.schemas.testing.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachingBudgetSpendTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-10T12:00:00Z"));
  private final AtomicInteger asked = new AtomicInteger();
  private volatile boolean fail;
  private final BudgetSpendSource warehouse = (org, scope, value, window, id) -> {
    asked.incrementAndGet();
    if (fail) {
      throw new WarehouseException("warehouse unavailable", null);
    }
    return BigDecimal.valueOf(asked.get());
  };
  private final SpendWindow november = new SpendWindow.Days(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 12, 1));

  @Test
  void theSameScopeAndPeriodIsAskedOncePerTtlAndFailuresAreNotRemembered() {
    CachingBudgetSpend cache = new CachingBudgetSpend(warehouse, Duration.ofSeconds(5), 100, clock);
    assertThat(cache.spend("acme", BudgetScope.TEAM, "platform", november, QueryId.random())).isEqualTo(BigDecimal.ONE);
    clock.advance(Duration.ofSeconds(4));
    assertThat(cache.spend("acme", BudgetScope.TEAM, "platform", november, QueryId.random())).isEqualTo(BigDecimal.ONE);
    assertThat(cache.spend("acme", BudgetScope.TEAM, "data", november, QueryId.random())).isEqualTo(BigDecimal.valueOf(2));
    assertThat(cache.spend("globex", BudgetScope.TEAM, "platform", november, QueryId.random())).isEqualTo(BigDecimal.valueOf(3));
    clock.advance(Duration.ofSeconds(1));
    fail = true;
    assertThatThrownBy(() -> cache.spend("acme", BudgetScope.TEAM, "platform", november, QueryId.random()))
        .isInstanceOf(WarehouseException.class);
    fail = false;
    assertThat(cache.spend("acme", BudgetScope.TEAM, "platform", november, QueryId.random())).isEqualTo(BigDecimal.valueOf(5));
  }

  @Test
  void aZeroTtlAsksEveryTime() {
    CachingBudgetSpend off = new CachingBudgetSpend(warehouse, Duration.ZERO, 100, clock);
    off.spend("acme", BudgetScope.ORG, "acme", november, QueryId.random());
    off.spend("acme", BudgetScope.ORG, "acme", november, QueryId.random());
    assertThat(asked).hasValue(2);
  }
}
