package dev.tokenledger.reconciliation.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class CommonOptionsTest {

  // 23:30 in Berlin on the 7th is 22:30 UTC: still the 7th in UTC, whatever the clock's zone
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T22:30:00Z"), ZoneId.of("Pacific/Kiritimati"));

  @Test
  void scheduledJobsNameDaysRelativeToTodayInUtc() {
    assertThat(CommonOptions.day("--from", "today", CLOCK)).isEqualTo(LocalDate.of(2026, 12, 7));
    assertThat(CommonOptions.day("--from", "yesterday", CLOCK)).isEqualTo(LocalDate.of(2026, 12, 6));
    assertThat(CommonOptions.day("--from", "today-3", CLOCK)).isEqualTo(LocalDate.of(2026, 12, 4));
    assertThat(CommonOptions.day("--to", "2026-11-30", CLOCK)).isEqualTo(LocalDate.of(2026, 11, 30));
  }

  @Test
  void anythingElseIsAnErrorNamingTheOption() {
    assertThatThrownBy(() -> CommonOptions.day("--to", "tomorrow", CLOCK)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--to 'tomorrow' is not a date YYYY-MM-DD, today, yesterday or today-N");
  }
}
