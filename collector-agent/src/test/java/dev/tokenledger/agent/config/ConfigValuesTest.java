package dev.tokenledger.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigValuesTest {

  @Test
  void typedValuesAreReadAndEveryUnusableOneIsAProblemNamingItsKey() {
    List<String> problems = new ArrayList<>();
    ConfigValues v = new ConfigValues(Map.of("d", "PT5S", "zero", "PT0S", "short", "5s", "bad", "5 seconds", "b", "TRUE", "nb", "yes",
        "n", "1_000", "big", "70000", "word", "ten", "blank", " "), problems);
    assertThat(v.duration("d")).isEqualTo(Duration.ofSeconds(5));
    assertThat(v.duration("short")).isEqualTo(Duration.ofSeconds(5));
    assertThat(v.bool("b")).isTrue();
    assertThat(v.longValue("n", 1, 2000)).isEqualTo(1000);
    assertThat(v.optional("blank")).isEmpty();
    assertThat(v.optional("d")).contains("PT5S");
    assertThat(v.hasProblems()).isFalse();

    v.duration("zero");
    assertThat(v.duration("bad")).isEqualTo(Duration.ofSeconds(1));
    assertThat(v.bool("nb")).isFalse();
    v.intValue("big", 0, 65535);
    assertThat(v.longValue("word", 3, 9)).isEqualTo(3);
    assertThat(problems).containsExactly(
        "zero must be positive, was PT0S",
        "bad must be a duration such as 10s, 5m, 24h, 35d or ISO-8601 PT10S, was '5 seconds'",
        "nb must be true or false, was 'yes'",
        "big must be between 0 and 65535, was 70000",
        "word must be a whole number, was 'ten'");
    assertThat(v.hasProblems()).isTrue();
  }

  @Test
  void homeIsExpandedOnlyAtTheStartOfAPath() {
    Path home = Path.of("/home/dev");
    assertThat(ConfigValues.expandHome("~", home)).isEqualTo("/home/dev");
    assertThat(ConfigValues.expandHome("~/state", home)).isEqualTo("/home/dev/state");
    assertThat(ConfigValues.expandHome("/var/~/x", home)).isEqualTo("/var/~/x");
  }
}
