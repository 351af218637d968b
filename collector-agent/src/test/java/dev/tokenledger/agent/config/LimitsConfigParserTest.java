package dev.tokenledger.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.agent.validation.UsageLimits;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LimitsConfigParserTest {

  private static ConfigValues values(Map<String, String> overrides, List<String> problems) {
    Map<String, String> v = new TreeMap<>(AgentConfigLoader.DEFAULTS);
    v.putAll(overrides);
    return new ConfigValues(v, problems);
  }

  @Test
  void configuredLimitsAreRead() {
    List<String> problems = new ArrayList<>();
    UsageLimits limits = LimitsConfigParser.parse(values(Map.of("limits.max-output-tokens", "2000000",
        "limits.max-cost-usd", "12.5", "limits.max-clock-skew", "PT0S"), problems));
    assertThat(problems).isEmpty();
    assertThat(limits.maxOutputTokens()).isEqualTo(2_000_000);
    assertThat(limits.maxCostUsd()).isEqualByComparingTo(new BigDecimal("12.5"));
    assertThat(limits.maxClockSkew()).isEqualTo(Duration.ZERO);
  }

  @Test
  void unusableLimitsAreReportedTogetherAndTheDefaultsStandIn() {
    List<String> problems = new ArrayList<>();
    UsageLimits limits = LimitsConfigParser.parse(values(Map.of("limits.max-cost-usd", "0.0000000001",
        "limits.max-clock-skew", "-PT1M", "limits.max-input-tokens", "0"), problems));
    assertThat(limits).isEqualTo(UsageLimits.DEFAULTS);
    assertThat(problems).hasSize(3);
    assertThat(problems.get(0)).startsWith("limits.max-input-tokens must be between 1 and");
    assertThat(problems.get(1)).startsWith("limits.max-cost-usd must be a positive decimal");
    assertThat(problems.get(2)).isEqualTo("limits.max-clock-skew must not be negative, was -PT1M");
  }
}
