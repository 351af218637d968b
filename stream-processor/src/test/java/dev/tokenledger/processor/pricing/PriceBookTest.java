package dev.tokenledger.processor.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PriceBookTest {

  private static final Instant JAN = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant MID_JAN = Instant.parse("2026-01-15T00:00:00Z");

  @Test
  void picksTheVersionInForceAtTheInstant() {
    PriceBook book = new PriceBook();
    book.put(Prices.sonnet(JAN).setVersion("v1").build());
    book.put(Prices.sonnet(MID_JAN).setVersion("v2").build());

    assertThat(found(book.find("anthropic", "claude-sonnet-4-5", MID_JAN.minusMillis(1))).price().getVersion()).isEqualTo("v1");
    assertThat(found(book.find("anthropic", "claude-sonnet-4-5", MID_JAN)).price().getVersion()).isEqualTo("v2");
    assertThat(book.find("anthropic", "claude-sonnet-4-5", JAN.minusMillis(1))).isInstanceOf(PriceResolution.Missing.class);
  }

  @Test
  void resolvesDatedNamesAliasesAndPrefixesToTheTableKey() {
    PriceBook book = new PriceBook();
    book.put(Prices.sonnet(JAN).build());
    assertThat(found(book.find("anthropic", "anthropic/claude-sonnet-4-5-20250929", JAN)).normalizedModel())
        .isEqualTo("claude-sonnet-4-5");
    assertThat(found(book.find("anthropic", "claude-sonnet-4-5@20250929", JAN)).normalizedModel()).isEqualTo("claude-sonnet-4-5");
  }

  @Test
  void aDatedKeyWithItsOwnPriceWinsOverItsFamily() {
    PriceBook book = new PriceBook();
    book.put(Prices.plain("openai", "gpt-4o", JAN, "2.5", "10").build());
    book.put(Prices.plain("openai", "gpt-4o-2024-05-13", JAN, "5", "15").build());
    assertThat(found(book.find("openai", "gpt-4o-2024-05-13", JAN)).normalizedModel()).isEqualTo("gpt-4o-2024-05-13");
    assertThat(found(book.find("openai", "gpt-4o-2024-08-06", JAN)).normalizedModel()).isEqualTo("gpt-4o");
  }

  @Test
  void aModelUniqueToAnotherProviderResolvesThere() {
    PriceBook book = new PriceBook();
    book.put(Prices.sonnet(JAN).build());
    assertThat(found(book.find("bedrock", "us.anthropic.claude-sonnet-4-5-20250929-v1:0", JAN)).price().getProvider())
        .isEqualTo("anthropic");
  }

  @Test
  void unknownModelsAreMissingWithAReasonAndRevisionsCountChanges() {
    PriceBook book = new PriceBook();
    long r0 = book.revision();
    assertThat(book.find("acme", "mystery-1", JAN)).isInstanceOfSatisfying(PriceResolution.Missing.class,
        m -> assertThat(m.message()).contains("mystery-1"));
    book.put(Prices.plain("acme", "mystery-1", JAN, "1", "1").build());
    assertThat(book.revision()).isGreaterThan(r0);
    book.remove(new PriceKey("acme", "mystery-1", JAN));
    assertThat(book.find("acme", "mystery-1", JAN)).isInstanceOf(PriceResolution.Missing.class);
  }

  private static PriceResolution.Found found(PriceResolution r) {
    assertThat(r).isInstanceOf(PriceResolution.Found.class);
    return (PriceResolution.Found) r;
  }
}
