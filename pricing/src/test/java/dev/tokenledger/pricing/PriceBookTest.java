package dev.tokenledger.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.events.ModelPrice;
import dev.tokenledger.events.PriceSource;
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
    // before the first version: the earliest known price, not a wait for ever
    assertThat(found(book.find("anthropic", "claude-sonnet-4-5", JAN.minusMillis(1))).price().getVersion()).isEqualTo("v1");
  }

  @Test
  void aPriceAddedLaterPricesEarlierEventsWithItsFirstVersion() {
    PriceBook book = new PriceBook();
    assertThat(book.find("acme", "new-model", JAN)).isInstanceOf(PriceResolution.Missing.class);
    book.put(Prices.plain("acme", "new-model", MID_JAN, "1", "2").setVersion("first").build());
    book.put(Prices.plain("acme", "new-model", MID_JAN.plusSeconds(86_400), "1", "3").setVersion("second").build());
    assertThat(found(book.find("acme", "new-model", JAN)).price().getVersion()).isEqualTo("first");
    assertThat(found(book.find("acme", "new-model", MID_JAN.plusSeconds(90_000))).price().getVersion()).isEqualTo("second");
  }

  @Test
  void anOverrideInForceWinsOverALaterListSnapshot() {
    PriceBook book = new PriceBook();
    book.put(Prices.plain("openai", "gpt-4o", JAN, "2.5", "10").setVersion("litellm:jan").setSource(PriceSource.LITELLM).build());
    book.put(Prices.plain("openai", "gpt-4o", JAN, "2", "8").setVersion("override:jan").setSource(PriceSource.OVERRIDE).build());
    // a newer list snapshot, effective after the override
    book.put(Prices.plain("openai", "gpt-4o", MID_JAN, "3", "12").setVersion("litellm:mid").setSource(PriceSource.LITELLM).build());
    assertThat(found(book.find("openai", "gpt-4o", MID_JAN.plusSeconds(60))).price().getVersion()).isEqualTo("override:jan");
    // before the override takes effect, the list price applies
    book.put(Prices.plain("openai", "gpt-4o", Instant.parse("2025-06-01T00:00:00Z"), "9", "9").setVersion("litellm:old")
        .setSource(PriceSource.LITELLM).build());
    assertThat(found(book.find("openai", "gpt-4o", Instant.parse("2025-07-01T00:00:00Z"))).price().getVersion())
        .isEqualTo("litellm:old");
  }

  @Test
  void anOverrideOfAFamilyPricesItsDatedNamesEvenWhenTheListHasThem() {
    PriceBook book = new PriceBook();
    book.put(Prices.plain("openai", "gpt-4o", JAN, "2.5", "10").setVersion("litellm").setSource(PriceSource.LITELLM).build());
    book.put(Prices.plain("openai", "gpt-4o-2024-08-06", JAN, "2.5", "10").setVersion("litellm-dated")
        .setSource(PriceSource.LITELLM).build());
    book.put(Prices.plain("openai", "gpt-4o", JAN, "1", "4").setVersion("override").setSource(PriceSource.OVERRIDE).build());
    PriceResolution.Found dated = found(book.find("openai", "gpt-4o-2024-08-06", MID_JAN));
    assertThat(dated.price().getVersion()).isEqualTo("override");
    assertThat(dated.normalizedModel()).isEqualTo("gpt-4o");
    // an override of the dated name itself is more specific than the family's
    book.put(Prices.plain("openai", "gpt-4o-2024-08-06", JAN, "1.5", "5").setVersion("override-dated")
        .setSource(PriceSource.OVERRIDE).build());
    assertThat(found(book.find("openai", "gpt-4o-2024-08-06", MID_JAN)).price().getVersion()).isEqualTo("override-dated");
    assertThat(found(book.find("openai", "gpt-4o-2024-11-20", MID_JAN)).price().getVersion()).isEqualTo("override");
  }

  @Test
  void aRemovedOverrideGivesWayToTheListPrice() {
    PriceBook book = new PriceBook();
    ModelPrice list = Prices.plain("openai", "gpt-4o", JAN, "2.5", "10").setVersion("litellm").setSource(PriceSource.LITELLM).build();
    book.put(list);
    // an override dated on its own: its own key on the price topic
    book.put(Prices.plain("openai", "gpt-4o", MID_JAN, "1", "4").setVersion("override").setSource(PriceSource.OVERRIDE).build());
    assertThat(found(book.find("openai", "gpt-4o", MID_JAN)).price().getVersion()).isEqualTo("override");
    book.remove(new PriceKey("openai", "gpt-4o", MID_JAN));   // its tombstone
    assertThat(found(book.find("openai", "gpt-4o", MID_JAN)).price().getVersion()).isEqualTo("litellm");

    // an override at the key of a list price replaced it on the compacted topic; removing it republishes the list price
    book.put(Prices.plain("openai", "gpt-4o", JAN, "1", "4").setVersion("override-jan").setSource(PriceSource.OVERRIDE).build());
    assertThat(found(book.find("openai", "gpt-4o", MID_JAN)).price().getVersion()).isEqualTo("override-jan");
    book.put(list);
    assertThat(found(book.find("openai", "gpt-4o", MID_JAN)).price().getVersion()).isEqualTo("litellm");
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

  @Test
  void anotherProvidersOverrideNeverBeatsTheEventProvidersOwnPrice() {
    PriceBook book = new PriceBook();
    book.put(Prices.sonnet(JAN).setVersion("litellm").setSource(PriceSource.LITELLM).build());
    book.put(Prices.sonnet(JAN).setProvider("bedrock").setVersion("override-bedrock").setSource(PriceSource.OVERRIDE).build());
    assertThat(found(book.find("anthropic", "claude-sonnet-4-5", MID_JAN)).price().getVersion()).isEqualTo("litellm");
    assertThat(found(book.find("bedrock", "claude-sonnet-4-5", MID_JAN)).price().getVersion()).isEqualTo("override-bedrock");
  }

  @Test
  void aDatedOverrideNotYetInForceDoesNotHideTheFamilysOverride() {
    PriceBook book = new PriceBook();
    book.put(Prices.plain("openai", "gpt-4o", JAN, "2.5", "10").setVersion("litellm").setSource(PriceSource.LITELLM).build());
    book.put(Prices.plain("openai", "gpt-4o", JAN, "1", "4").setVersion("override-family").setSource(PriceSource.OVERRIDE).build());
    book.put(Prices.plain("openai", "gpt-4o-2024-08-06", MID_JAN, "1.5", "5").setVersion("override-dated")
        .setSource(PriceSource.OVERRIDE).build());
    assertThat(found(book.find("openai", "gpt-4o-2024-08-06", JAN.plusSeconds(60))).price().getVersion()).isEqualTo("override-family");
    assertThat(found(book.find("openai", "gpt-4o-2024-08-06", MID_JAN)).price().getVersion()).isEqualTo("override-dated");
  }

  private static PriceResolution.Found found(PriceResolution r) {
    assertThat(r).isInstanceOf(PriceResolution.Found.class);
    return (PriceResolution.Found) r;
  }
}
