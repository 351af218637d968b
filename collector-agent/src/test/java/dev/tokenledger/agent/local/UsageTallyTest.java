package dev.tokenledger.agent.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.agent.source.ParsedUsage;
import dev.tokenledger.events.Accuracy;
import dev.tokenledger.events.SourceTool;
import dev.tokenledger.events.TokenCounts;
import dev.tokenledger.pricing.PriceBook;
import dev.tokenledger.pricing.PriceResolution;
import dev.tokenledger.pricing.Prices;
import dev.tokenledger.pricing.UsagePricer;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The tally adds requests up per row, model and rates and prices each group once; the amounts must be
 * exactly those of pricing every request on its own the way the stream processor does
 * ({@link PriceBook#find} with the request's provider, model and time, then {@link UsagePricer#quote}).
 */
class UsageTallyTest {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final Instant FROM = Instant.EPOCH;

  private final PriceBook book = new PriceBook();

  UsageTallyTest() {
    book.put(Prices.sonnet(FROM).setPriorityMultiplier(new BigDecimal("1.75")).build());   // 1.75 × 3.75/M: not additive
    book.put(Prices.plain("openai", "gpt-5", FROM, "1.25", "10").build());
    book.put(Prices.plain("google", "gemini-tiny", FROM, "0.125", "0.5").build());         // default cache read 1.25e-8: not additive
  }

  @Test
  void groupedPricingEqualsPricingEveryRequestLikeTheStreamProcessor() {
    Random random = new Random(11);
    List<ParsedUsage> usages = new ArrayList<>();
    String[][] models = {{"anthropic", "claude-sonnet-4-5-20250929"}, {"anthropic", "claude-sonnet-4-5"},
        {"openai", "gpt-5"}, {"google", "gemini-tiny"}, {"anthropic", "mystery-model-9"}};
    Instant start = Instant.parse("2026-03-28T00:00:00Z");   // a DST change in Berlin inside the range
    for (int i = 0; i < 3_000; i++) {
      String[] m = models[random.nextInt(models.length)];
      long cacheRead = random.nextInt(10) == 0 ? 150_000 + random.nextInt(200_000) : random.nextInt(20_000);
      String tier = random.nextInt(7) == 0 ? "priority" : null;
      usages.add(usage("k" + i, m[0], m[1], start.plusSeconds(random.nextInt(5 * 86_400)), "s" + random.nextInt(4),
          tokens(random.nextInt(4_000), random.nextInt(8_000), random.nextInt(6_000), random.nextInt(2_000), cacheRead),
          tier));
    }
    for (LocalPeriod period : LocalPeriod.values()) {
      LocalReport report = LocalReport.of(new LocalReport.Request(period, BERLIN, null, null),
          new OfflinePrices.Loaded(book, "test"), usages);
      Map<String, BigDecimal> expected = new TreeMap<>();
      Map<String, Long> expectedOutput = new TreeMap<>();
      UsagePricer pricer = new UsagePricer();
      for (ParsedUsage u : usages) {
        String row = switch (period) {
          case DAY -> LocalDate.ofInstant(u.eventTime(), BERLIN).toString();
          case MONTH -> LocalDate.ofInstant(u.eventTime(), BERLIN).toString().substring(0, 7);
          case SESSION -> u.sessionId();
        };
        String key = row + " " + u.model();
        expectedOutput.merge(key, u.tokens().getOutput(), Long::sum);
        if (book.find(u.provider(), u.model(), u.eventTime()) instanceof PriceResolution.Found f) {
          BigDecimal cost = pricer.quote(f.price(), u.tokens(), u.serviceTier(), u.speed()).cost().getTotal();
          expected.merge(key, cost, BigDecimal::add);
        }
      }
      Map<String, BigDecimal> actual = new TreeMap<>();
      Map<String, Long> actualOutput = new TreeMap<>();
      for (UsageTally.Row r : report.rows()) {
        for (UsageTally.ModelTotals m : r.models()) {
          actualOutput.put(r.label() + " " + m.model(), m.output());
          if (m.priced()) {
            actual.put(r.label() + " " + m.model(), m.cost());
          } else {
            assertThat(m.model()).isEqualTo("mystery-model-9");
            assertThat(m.cost()).isZero();
            assertThat(m.unpricedReason()).contains("mystery-model-9");
          }
        }
      }
      assertThat(actual).as(period.name()).isEqualTo(expected);
      assertThat(actualOutput).as(period.name()).isEqualTo(expectedOutput);
    }
  }

  @Test
  void daysAreLocalToTheZoneAndTheRangeIsInclusive() {
    List<ParsedUsage> usages = List.of(
        usage("a", "openai", "gpt-5", Instant.parse("2026-01-01T22:30:00Z"), "s", tokens(1_000_000, 0, 0, 0, 0), null),
        usage("b", "openai", "gpt-5", Instant.parse("2026-01-02T23:30:00Z"), "s", tokens(1_000_000, 0, 0, 0, 0), null),
        usage("c", "openai", "gpt-5", Instant.parse("2026-01-03T23:30:00Z"), "s", tokens(1_000_000, 0, 0, 0, 0), null));
    LocalReport report = LocalReport.of(new LocalReport.Request(LocalPeriod.DAY, BERLIN, LocalDate.parse("2026-01-02"),
        LocalDate.parse("2026-01-03")), new OfflinePrices.Loaded(book, "test"), usages);
    // 22:30 UTC on the 1st is the 1st in Berlin (left out); 23:30 UTC on the 2nd and 3rd are the 3rd and 4th
    assertThat(report.rows()).extracting(UsageTally.Row::label).containsExactly("2026-01-03");
    assertThat(report.rows().get(0).models().get(0).cost()).isEqualByComparingTo("1.25");
  }

  @Test
  void aSessionKeepsItsLastActivityAndProject() {
    List<ParsedUsage> usages = List.of(
        usage("a", "openai", "gpt-5", Instant.parse("2026-01-02T10:00:00Z"), "s1", tokens(1, 1, 0, 0, 0), null),
        usage("b", "openai", "gpt-5", Instant.parse("2026-01-01T10:00:00Z"), "s2", tokens(1, 1, 0, 0, 0), null),
        usage("c", "openai", "gpt-5", Instant.parse("2026-01-03T10:00:00Z"), "s1", tokens(1, 1, 0, 0, 0), null));
    LocalReport report = LocalReport.of(new LocalReport.Request(LocalPeriod.SESSION, BERLIN, null, null),
        new OfflinePrices.Loaded(book, "test"), usages);
    assertThat(report.rows()).extracting(UsageTally.Row::label).containsExactly("s2", "s1");
    assertThat(report.rows().get(1).lastActivity()).isEqualTo(Instant.parse("2026-01-03T10:00:00Z"));
    assertThat(report.rows().get(1).project()).isEqualTo("/work/c");
    assertThat(report.rows().get(1).models().get(0).requests()).isEqualTo(2);
  }

  static TokenCounts tokens(long in, long out, long w5, long w1, long read) {
    return TokenCounts.newBuilder().setInput(in).setOutput(out).setCacheWrite5m(w5).setCacheWrite1h(w1).setCacheRead(read)
        .setReasoning(0).setTool(0).build();
  }

  static ParsedUsage usage(String key, String provider, String model, Instant at, String session, TokenCounts t,
      String serviceTier) {
    return new ParsedUsage(SourceTool.CLAUDE_CODE, "1", key, provider, model, at, session, null, null, null, null, false,
        key, null, t, serviceTier, null, 0, 0, List.of(), Accuracy.EXACT, null, "/work/" + key, null, null, null);
  }

}
