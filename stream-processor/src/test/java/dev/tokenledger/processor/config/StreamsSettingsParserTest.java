package dev.tokenledger.processor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenledger.settings.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamsSettingsParserTest {

  @TempDir
  Path dir;

  @Test
  void theReferenceConfigurationParsesToTheDefaults() throws Exception {
    Path ref = dir.resolve("streams.toml");
    try (var in = getClass().getResourceAsStream("/config/streams.reference.toml")) {
      Files.copy(in, ref);
    }
    StreamsSettings fromFile = StreamsSettingsParser.parse(Optional.of(ref), Map.of());
    StreamsSettings defaults = StreamsSettingsParser.parse(Optional.empty(), Map.of());
    assertThat(fromFile.topology()).isEqualTo(defaults.topology());
    assertThat(fromFile.kafka().commitInterval()).isEqualTo(Duration.ofMillis(100));
    assertThat(fromFile.topology().dedupRetention()).isEqualTo(Duration.ofDays(35));
    assertThat(fromFile.pricing().litellmEffectiveFrom()).isEqualTo(Instant.EPOCH);
    assertThat(fromFile.topics().usageEvents()).isEqualTo("usage.events.v1");
  }

  @Test
  void budgetEvaluationIsReadAndValidated() throws Exception {
    Path f = dir.resolve("b.toml");
    Files.writeString(f, """
        [budgets]
        forecast = false
        forecast_min_elapsed = "3h"
        evaluate_every = "30s"
        """);
    assertThat(StreamsSettingsParser.parse(Optional.of(f), Map.of()).topology().budgets())
        .isEqualTo(new BudgetEvaluation(false, Duration.ofHours(3), Duration.ofSeconds(30)));
    assertThat(StreamsSettingsParser.parse(Optional.empty(), Map.of()).topology().budgets()).isEqualTo(BudgetEvaluation.DEFAULTS);
    Files.writeString(f, """
        [budgets]
        forecast_min_elapsed = "10s"
        evaluate_every = "2h"
        """);
    assertThatThrownBy(() -> StreamsSettingsParser.parse(Optional.of(f), Map.of())).isInstanceOf(ConfigException.class)
        .hasMessageContaining("budgets.forecast_min_elapsed must be at least 1m");
  }

  @Test
  void readsTypedValuesAndLetsTheEnvironmentNameTheServers() throws Exception {
    Path f = dir.resolve("s.toml");
    Files.writeString(f, """
        [kafka]
        application_id = "tl-test"
        topic_prefix = "t1."
        partitions = 3
        [org]
        time_zone = "Europe/Berlin"
        [rollups]
        grace = "2h"
        """);
    StreamsSettings s = StreamsSettingsParser.parse(Optional.of(f),
        Map.of(StreamsSettingsParser.ENV_BOOTSTRAP, "broker:9092"));
    assertThat(s.kafka().bootstrapServers()).isEqualTo("broker:9092");
    assertThat(s.kafka().partitions()).isEqualTo(3);
    assertThat(s.topics().priced()).isEqualTo("t1.usage.priced.v1");
    assertThat(s.topology().orgTimeZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(s.topology().grace()).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void theSharedEnvironmentOverridesZonePrefixAndStateDirectory() throws Exception {
    Path f = dir.resolve("s.toml");
    Files.writeString(f, """
        [kafka]
        topic_prefix = "file."
        state_dir = "/var/lib/file-state"
        [org]
        time_zone = "Europe/Berlin"
        """);
    StreamsSettings s = StreamsSettingsParser.parse(Optional.of(f), Map.of(
        StreamsSettingsParser.ENV_TIME_ZONE, "Asia/Tokyo",
        StreamsSettingsParser.ENV_TOPIC_PREFIX, "env.",
        StreamsSettingsParser.ENV_STATE_DIR, dir.resolve("state").toString()));
    assertThat(s.topology().orgTimeZone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
    assertThat(s.topics().usageEvents()).isEqualTo("env.usage.events.v1");
    assertThat(s.kafka().stateDir()).isEqualTo(dir.resolve("state"));
    assertThatThrownBy(() -> StreamsSettingsParser.parse(Optional.empty(), Map.of(StreamsSettingsParser.ENV_TIME_ZONE, "Mars/Olympus")))
        .hasMessageContaining("TOKENLEDGER_ORG_TIME_ZONE 'Mars/Olympus'");
  }

  @Test
  void theStateDirectoryDefaultsToLocalStateNotTheTempDirectory() {
    StreamsSettings s = StreamsSettingsParser.parse(Optional.empty(), Map.of("XDG_STATE_HOME", dir.toString()));
    assertThat(s.kafka().stateDir()).isEqualTo(dir.resolve("tokenledger/streams"));
    StreamsSettings home = StreamsSettingsParser.parse(Optional.empty(), Map.of());
    assertThat(home.kafka().stateDir()).isEqualTo(Path.of(System.getProperty("user.home"), ".local/state/tokenledger/streams"));
  }

  @Test
  void reportsEveryErrorAtOnce() throws Exception {
    Path f = dir.resolve("bad.toml");
    Files.writeString(f, """
        [kafka]
        partitions = "six"
        colour = "blue"
        [org]
        time_zone = "Mars/Olympus"
        [dedup]
        retention = "2h"
        [rollups]
        grace = "soon"
        [extra]
        x = 1
        """);
    assertThatThrownBy(() -> StreamsSettingsParser.parse(Optional.of(f), Map.of()))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).hasSize(6)
            .anyMatch(m -> m.contains("kafka.partitions"))
            .anyMatch(m -> m.contains("kafka.colour"))
            .anyMatch(m -> m.contains("org.time_zone"))
            .anyMatch(m -> m.contains("dedup.retention"))
            .anyMatch(m -> m.contains("rollups.grace"))
            .anyMatch(m -> m.contains("[extra]")));
  }
}
