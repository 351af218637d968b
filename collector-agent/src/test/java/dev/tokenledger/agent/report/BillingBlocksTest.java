package dev.tokenledger.agent.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** 5-hour billing blocks from hourly buckets: where blocks start and end, activity, burn rate and projection. */
class BillingBlocksTest {

  /** One hour bucket of one model with its first and last request (ISO instants) and tokens/cost. */
  static UsageRow hour(String first, String last, String model, long input, long output, String cost) {
    Instant f = Instant.parse(first);
    Instant hour = f.truncatedTo(java.time.temporal.ChronoUnit.HOURS);
    return new UsageRow(hour, Map.of("model", model), new Usage(1, input, output, 0, 0, new BigDecimal(cost)), f,
        Instant.parse(last), null);
  }

  private static final Instant LONG_AFTER = Instant.parse("2026-12-01T00:00:00Z");

  @Test
  void aBlockStartsAtTheHourOfItsFirstRequestAndARequestFiveHoursAfterThatStartsTheNext() {
    List<BillingBlock> blocks = BillingBlocks.of(List.of(
        hour("2026-11-03T09:41:00Z", "2026-11-03T09:50:00Z", "sonnet", 10, 1, "0.10"),
        hour("2026-11-03T13:05:00Z", "2026-11-03T13:59:59Z", "opus", 20, 2, "0.20"),   // 13:59:59 < 14:00: same block
        hour("2026-11-03T14:00:00Z", "2026-11-03T14:10:00Z", "sonnet", 30, 3, "0.30")), // exactly 5 h after 09:00: next block
        LONG_AFTER);
    assertThat(blocks).extracting(BillingBlock::start)
        .containsExactly(Instant.parse("2026-11-03T09:00:00Z"), Instant.parse("2026-11-03T14:00:00Z"));
    BillingBlock first = blocks.get(0);
    assertThat(first.end()).isEqualTo(Instant.parse("2026-11-03T14:00:00Z"));
    assertThat(first.firstRequest()).isEqualTo(Instant.parse("2026-11-03T09:41:00Z"));
    assertThat(first.lastRequest()).isEqualTo(Instant.parse("2026-11-03T13:59:59Z"));
    assertThat(first.usage()).isEqualTo(new Usage(2, 30, 3, 0, 0, new BigDecimal("0.30")));
    assertThat(first.models()).extracting(ModelUsage::model).containsExactly("opus", "sonnet");
    assertThat(first.active()).isFalse();
    assertThat(blocks.get(1).usage().cost()).isEqualByComparingTo("0.30");
  }

  @Test
  void aGapOfFiveHoursOrMoreStartsANewBlockAtTheNextRequestsHour() {
    List<BillingBlock> blocks = BillingBlocks.of(List.of(
        hour("2026-11-03T22:15:00Z", "2026-11-03T22:20:00Z", "m", 1, 1, "1"),
        hour("2026-11-04T06:30:00Z", "2026-11-04T06:31:00Z", "m", 1, 1, "1"),
        hour("2026-11-04T07:00:00Z", "2026-11-04T07:01:00Z", "m", 1, 1, "1")), LONG_AFTER);
    assertThat(blocks).extracting(BillingBlock::start)
        .containsExactly(Instant.parse("2026-11-03T22:00:00Z"), Instant.parse("2026-11-04T06:00:00Z"));
    assertThat(blocks.get(1).usage().requests()).isEqualTo(2);
  }

  @Test
  void theTableShowsTheIdleTimeBetweenBlocksAndTheTotalOfTheBlocks() {
    List<BillingBlock> blocks = BillingBlocks.of(List.of(
        hour("2026-11-03T22:15:00Z", "2026-11-03T22:20:00Z", "m", 1, 1, "1"),
        hour("2026-11-04T06:30:00Z", "2026-11-04T06:31:00Z", "m", 1, 1, "2")), LONG_AFTER);
    String table = BlockTables.render(blocks, LONG_AFTER, ZoneId.of("UTC"), false, 200);
    List<String> lines = table.lines().toList();
    // idle from 03:20 (5 h after the last request) to the next block's start at 06:00
    int gap = lines.indexOf(lines.stream().filter(l -> l.contains("(inactive 2h 40m)")).findFirst().orElseThrow());
    assertThat(lines.get(gap)).startsWith("│ 2026-11-04 03:20");
    assertThat(lines.get(gap - 1)).contains("2026-11-03 22:00");
    assertThat(lines.get(gap + 1)).contains("2026-11-04 06:00");
    assertThat(lines.stream().filter(l -> l.startsWith("│ Total")).findFirst().orElseThrow()).contains("$3.00");
    java.util.List<BillingBlock> reversed = new java.util.ArrayList<>(blocks);
    java.util.Collections.reverse(reversed);
    assertThat(BlockTables.render(reversed, LONG_AFTER, ZoneId.of("UTC"), false, 200)).contains("(inactive 2h 40m)");
    assertThat(BlockTables.render(BillingBlocks.of(List.of(
        hour("2026-11-03T09:00:00Z", "2026-11-03T09:10:00Z", "m", 1, 1, "1"),
        hour("2026-11-03T14:00:00Z", "2026-11-03T14:10:00Z", "m", 1, 1, "1")), LONG_AFTER), LONG_AFTER, ZoneId.of("UTC"), false, 200))
        .as("back-to-back blocks have no idle row").doesNotContain("inactive");
  }

  @Test
  void blocksAreUtcHoursSoADstChangeInTheViewersZoneDoesNotMoveThem() {
    // Europe/Berlin leaves summer time on 2026-10-25 at 01:00 UTC: the local hour 02:00-03:00 happens twice.
    List<BillingBlock> blocks = BillingBlocks.of(List.of(
        hour("2026-10-25T00:30:00Z", "2026-10-25T00:40:00Z", "m", 1, 0, "1"), // 02:30 CEST
        hour("2026-10-25T01:30:00Z", "2026-10-25T01:40:00Z", "m", 1, 0, "1"), // 02:30 CET, same block
        hour("2026-10-25T05:10:00Z", "2026-10-25T05:20:00Z", "m", 1, 0, "1")), // 5 h after 00:00 UTC: a new block
        LONG_AFTER);
    assertThat(blocks).hasSize(2);
    assertThat(blocks.get(0).start()).isEqualTo(Instant.parse("2026-10-25T00:00:00Z"));
    assertThat(blocks.get(0).usage().requests()).isEqualTo(2);
    assertThat(UsageReports.minute(blocks.get(0).start(), ZoneId.of("Europe/Berlin"))).isEqualTo("2026-10-25 02:00");
    assertThat(UsageReports.minute(blocks.get(1).start(), ZoneId.of("Europe/Berlin"))).isEqualTo("2026-10-25 06:00");
  }

  @Test
  void theActiveBlockHasABurnRateOverItsRequestsAndAProjectionToItsEnd() {
    Instant now = Instant.parse("2026-11-03T11:00:00Z");
    List<BillingBlock> blocks = BillingBlocks.of(List.of(
        hour("2026-11-03T09:00:00Z", "2026-11-03T09:30:00Z", "m", 3000, 0, "3.00"),
        hour("2026-11-03T10:10:00Z", "2026-11-03T10:30:00Z", "m", 3000, 0, "3.00")), now);
    BillingBlock b = blocks.get(0);
    assertThat(b.active()).isTrue();
    // 6000 tokens and $6 over the 90 minutes from 09:00 to 10:30
    assertThat(b.burnRate().tokensPerMinute()).isEqualByComparingTo(new BigDecimal(6000).divide(new BigDecimal(90), 9,
        java.math.RoundingMode.HALF_EVEN));
    assertThat(b.burnRate().costPerHour()).isEqualByComparingTo("4");
    // 180 minutes left until 14:00: 6000 + 180 * 66.666666667 tokens, $6 + 3 h * $4
    BillingBlock.Projection p = b.projection(now);
    assertThat(p.minutesLeft()).isEqualTo(180);
    assertThat(p.totalTokens()).isEqualTo(18000);
    assertThat(p.cost()).isEqualByComparingTo("18");
  }

  @Test
  void aBlockIsNoLongerActiveAtItsEndOrFiveHoursAfterItsLastRequest() {
    List<UsageRow> rows = List.of(hour("2026-11-03T09:00:00Z", "2026-11-03T09:30:00Z", "m", 1, 0, "1"));
    assertThat(BillingBlocks.of(rows, Instant.parse("2026-11-03T13:59:59Z")).get(0).active()).isTrue();
    assertThat(BillingBlocks.of(rows, Instant.parse("2026-11-03T14:00:00Z")).get(0).active()).isFalse();
    assertThat(BillingBlocks.of(rows, Instant.parse("2026-11-03T14:29:59Z")).get(0).active()).isFalse();
    List<UsageRow> single = List.of(hour("2026-11-03T09:10:00Z", "2026-11-03T09:10:00Z", "m", 1, 0, "1"));
    Instant now = Instant.parse("2026-11-03T10:00:00Z");
    BillingBlock one = BillingBlocks.of(single, now).get(0);
    assertThat(one.active()).isTrue();
    assertThat(one.burnRate()).as("a single request has no burn rate").isNull();
    assertThat(one.projection(now)).isNull();
  }
}
