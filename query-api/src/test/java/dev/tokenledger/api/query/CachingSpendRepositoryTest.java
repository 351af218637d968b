package dev.tokenledger.api.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.tokenledger.schemas.testing.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CachingSpendRepositoryTest {

  final AtomicInteger runs = new AtomicInteger();
  final AtomicReference<RuntimeException> failure = new AtomicReference<>();
  volatile CountDownLatch gate;
  final MutableClock clock = new MutableClock(Instant.parse("2026-11-15T00:00:00Z"));

  final SpendRepository warehouse = new SpendRepository() {
    @Override
    public Page<SpendRow> spend(SpendQuery query, QueryId id) {
      int run = runs.incrementAndGet();
      CountDownLatch g = run == 1 ? gate : null;
      if (g != null) {
        try {
          g.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      RuntimeException f = failure.get();
      if (f != null && run == 1) {
        throw f;
      }
      return new Page<>(List.of(new SpendRow(null, Map.of(), runs.get(), null, Map.of(), BigDecimal.ONE, BigDecimal.ZERO)), false);
    }

    @Override
    public Optional<SessionDetail> session(SessionQuery query, QueryId id) {
      return Optional.empty();
    }

    @Override
    public void cancel(QueryId id) {}
  };

  final CachingSpendRepository cache = new CachingSpendRepository(warehouse, Duration.ofSeconds(5), 2, clock);

  static SpendQuery question(String user) {
    return new SpendQuery(List.of(), Granularity.TOTAL, LocalDate.of(2026, 11, 1), LocalDate.of(2026, 12, 1), ZoneId.of("UTC"),
        Map.of(Dimension.ORG, Set.of("acme"), Dimension.USER, Set.of(user)), SortOrder.COST, PageRequest.first(10), false);
  }

  @Test
  void anAnswerIsReusedForTheSameScopedQuestionUntilItExpires() {
    assertThat(cache.spend(question("alice"), QueryId.random()).rows().get(0).requests()).isEqualTo(1);
    assertThat(cache.spend(question("alice"), QueryId.random()).rows().get(0).requests()).isEqualTo(1);
    assertThat(runs).hasValue(1);
    assertThat(cache.spend(question("bob"), QueryId.random()).rows().get(0).requests()).as("another scope, another answer").isEqualTo(2);
    clock.advance(Duration.ofSeconds(5));
    assertThat(cache.spend(question("alice"), QueryId.random()).rows().get(0).requests()).isEqualTo(3);
  }

  @Test
  void theLeastRecentlyUsedAnswerMakesRoom() {
    cache.spend(question("a"), QueryId.random());
    cache.spend(question("b"), QueryId.random());
    cache.spend(question("a"), QueryId.random());
    cache.spend(question("c"), QueryId.random());
    assertThat(cache.size()).isEqualTo(2);
    cache.spend(question("a"), QueryId.random());
    assertThat(runs).hasValue(3);
    cache.spend(question("b"), QueryId.random());
    assertThat(runs).hasValue(4);
  }

  @Test
  void identicalQuestionsAtTheSameMomentRunOnce() throws Exception {
    gate = new CountDownLatch(1);
    List<CompletableFuture<Page<SpendRow>>> askers = List.of(
        CompletableFuture.supplyAsync(() -> cache.spend(question("alice"), QueryId.random())),
        CompletableFuture.supplyAsync(() -> cache.spend(question("alice"), QueryId.random())),
        CompletableFuture.supplyAsync(() -> cache.spend(question("alice"), QueryId.random())));
    await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 1);
    gate.countDown();
    for (CompletableFuture<Page<SpendRow>> a : askers) {
      assertThat(a.get(5, TimeUnit.SECONDS).rows().get(0).requests()).isEqualTo(1);
    }
    assertThat(runs).hasValue(1);
  }

  @Test
  void failuresAreNotRememberedAndWaitersAskAgainThemselves() throws Exception {
    failure.set(new WarehouseException("warehouse unavailable", null));
    gate = new CountDownLatch(1);
    CompletableFuture<Page<SpendRow>> first = CompletableFuture.supplyAsync(() -> cache.spend(question("alice"), QueryId.random()));
    await().atMost(Duration.ofSeconds(5)).until(() -> runs.get() == 1);
    CompletableFuture<Page<SpendRow>> waiter = CompletableFuture.supplyAsync(() -> cache.spend(question("alice"), QueryId.random()));
    CountDownLatch g = gate;
    CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS).execute(g::countDown);
    assertThatThrownBy(first::join).hasCauseInstanceOf(WarehouseException.class);
    assertThat(waiter.get(5, TimeUnit.SECONDS).rows()).hasSize(1);
    assertThat(runs).hasValue(2);
    assertThat(cache.spend(question("alice"), QueryId.random()).rows().get(0).requests()).as("the retry's answer is remembered").isEqualTo(2);
  }
}
