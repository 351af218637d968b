package dev.tokenledger.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelNamesTest {

  @ParameterizedTest
  @CsvSource({
      "claude-sonnet-4-5-20250929, claude-sonnet-4-5",
      "anthropic/claude-sonnet-4-5-20250929, claude-sonnet-4-5",
      "claude-sonnet-4-5@20250929, claude-sonnet-4-5",
      "us.anthropic.claude-sonnet-4-5-20250929-v1:0, claude-sonnet-4-5",
      "claude-sonnet-4-5[1m], claude-sonnet-4-5",
      "claude-opus-4-6-fast, claude-opus-4-6",
      "models/gemini-2.5-pro, gemini-2.5-pro",
      "gpt-4o-2024-08-06, gpt-4o",
      "GPT-5, gpt-5",
  })
  void normalizes(String raw, String expected) {
    assertThat(ModelNames.normalize(raw)).isEqualTo(expected);
  }

  @Test
  void triesTheExactNameBeforeTheUndatedFamily() {
    assertThat(ModelNames.candidates("gpt-4o-2024-05-13")).containsExactly("gpt-4o-2024-05-13", "gpt-4o");
  }

  @Test
  void blankNamesHaveNoCandidates() {
    assertThat(ModelNames.candidates("  ")).isEmpty();
  }
}
