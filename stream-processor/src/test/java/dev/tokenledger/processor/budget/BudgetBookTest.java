package dev.tokenledger.processor.budget;

import static dev.tokenledger.schemas.testing.UsageEvents.claude;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.events.Budget;
import dev.tokenledger.events.Period;
import dev.tokenledger.events.Scope;
import dev.tokenledger.events.UsageEvent;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Which budgets an event falls under: only its organisation's, only in the scopes they use (ADR 0228). */
class BudgetBookTest {

  private static final Instant T = Instant.parse("2026-01-14T10:15:00Z");
  private final BudgetBook book = new BudgetBook();

  private static Budget budget(String org, String id, Scope scope, String value) {
    return Budget.newBuilder().setBudgetId(id).setOrgId(org).setScope(scope).setScopeValue(value).setPeriod(Period.DAY)
        .setLimitUsd(new BigDecimal("10.000000000")).setUpdatedTime(T).build();
  }

  private static UsageEvent event(String org, String user, String team) {
    return claude("e", T).setOrgId(org).setUserId(user).setTeam(team).build();
  }

  @Test
  void anEventMatchesTheEnabledBudgetsOfItsOrganisationInItsScopesOnly() {
    Budget alice = budget("acme", "alice-daily", Scope.USER, "alice");
    Budget platform = budget("acme", "platform-daily", Scope.TEAM, "platform");
    book.put(alice);
    book.put(platform);
    book.put(budget("globex", "alice-daily", Scope.USER, "alice"));

    assertThat(book.matching(event("acme", "alice", "platform"))).containsExactlyInAnyOrder(alice, platform);
    assertThat(book.matching(event("acme", "bob", "platform"))).containsExactly(platform);
    assertThat(book.matching(event("initech", "alice", "platform"))).isEmpty();

    book.remove(BudgetKeys.of(platform));
    assertThat(book.matching(event("acme", "bob", "platform"))).isEmpty();
    assertThat(book.matching(event("acme", "alice", "platform"))).containsExactly(alice);
    book.remove(BudgetKeys.of(alice));
    assertThat(book.matching(event("acme", "alice", "platform"))).isEmpty();

    Budget replaced = budget("acme", "alice-daily", Scope.TEAM, "platform");   // same id, another scope
    book.put(alice);
    book.put(replaced);
    assertThat(book.matching(event("acme", "alice", "web"))).isEmpty();
    assertThat(book.matching(event("acme", "bob", "platform"))).containsExactly(replaced);
  }
}
