package dev.tokenledger.processor.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenledger.settings.ConfigException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SinkSettingsParserTest {

  @TempDir
  Path dir;

  @Test
  void theReferenceConfigListsEveryKeyWithItsDefault() throws Exception {
    Path ref = dir.resolve("sink.toml");
    try (var in = getClass().getClassLoader().getResourceAsStream("config/sink.reference.toml")) {
      Files.write(ref, in.readAllBytes());
    }
    SinkSettings fromFile = SinkSettingsParser.parse(Optional.of(ref), Map.of());
    SinkSettings defaults = SinkSettingsParser.parse(Optional.empty(), Map.of());
    assertThat(fromFile).isEqualTo(defaults);
    String text = Files.readString(ref);
    SinkSettingsParser.KEYS.forEach((section, keys) -> {
      assertThat(text).contains("[" + section + "]");
      keys.forEach(k -> assertThat(text).containsPattern("(?m)^" + k + " = "));
    });
    assertThat(defaults.batch().maxRows()).isEqualTo(50_000);
    assertThat(defaults.retry().giveUpAfter()).isEqualTo(Duration.ofMinutes(15));
    assertThat(defaults.clickhouse().database()).isEqualTo("tokenledger");
    assertThat(defaults.topics().priced()).isEqualTo("usage.priced.v1");
  }

  @Test
  void theEnvironmentOverridesAddresses() {
    SinkSettings s = SinkSettingsParser.parse(Optional.empty(), Map.of(
        "TOKENLEDGER_BOOTSTRAP_SERVERS", "k:9092", "TOKENLEDGER_CLICKHOUSE_URL", "https://ch.example.com:8443",
        "TOKENLEDGER_CLICKHOUSE_DATABASE", "finance", "TOKENLEDGER_CLICKHOUSE_PASSWORD", "secret"));
    assertThat(s.kafka().bootstrapServers()).isEqualTo("k:9092");
    assertThat(s.clickhouse().url()).isEqualTo(URI.create("https://ch.example.com:8443"));
    assertThat(s.clickhouse().database()).isEqualTo("finance");
    assertThat(s.clickhouse().toString()).doesNotContain("secret");
  }

  @Test
  void everyErrorIsReportedAtOnce() throws Exception {
    Path bad = dir.resolve("bad.toml");
    Files.writeString(bad, """
        [kafka]
        group_id = "a b"
        colour = "blue"
        [clickhouse]
        database = "x-y"
        [org]
        time_zone = "Mars/Olympus"
        [batch]
        max_rows = 0
        max_delay = "soon"
        [retry]
        initial_backoff = "10s"
        max_backoff = "1s"
        """);
    assertThatThrownBy(() -> SinkSettingsParser.parse(Optional.of(bad), Map.of()))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).errors()).hasSize(7))
        .hasMessageContaining("kafka.group_id").hasMessageContaining("unknown key kafka.colour")
        .hasMessageContaining("database 'x-y'").hasMessageContaining("Mars/Olympus")
        .hasMessageContaining("batch.max_rows").hasMessageContaining("batch.max_delay")
        .hasMessageContaining("max backoff");
  }

  @Test
  void theTimeZoneIsTheOrganisations() throws Exception {
    Path f = dir.resolve("tz.toml");
    Files.writeString(f, "[org]\ntime_zone = \"Europe/Berlin\"\n");
    assertThat(SinkSettingsParser.parse(Optional.of(f), Map.of()).zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
  }

  @Test
  void theSharedTimeZoneAndTopicPrefixVariablesWinOverTheFile() throws Exception {
    Path f = dir.resolve("shared.toml");
    Files.writeString(f, "[kafka]\ntopic_prefix = \"file.\"\n[org]\ntime_zone = \"Europe/Berlin\"\n");
    SinkSettings fromFile = SinkSettingsParser.parse(Optional.of(f), Map.of());
    assertThat(fromFile.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(fromFile.topics().priced()).isEqualTo("file.usage.priced.v1");

    SinkSettings s = SinkSettingsParser.parse(Optional.of(f), Map.of(
        SinkSettingsParser.ENV_TIME_ZONE, " Asia/Tokyo ", SinkSettingsParser.ENV_TOPIC_PREFIX, "env."));
    assertThat(s.zone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
    assertThat(s.topics().priced()).isEqualTo("env.usage.priced.v1");
    assertThat(s.topics().breaches()).isEqualTo("env.budget.breaches.v1");
    assertThat(SinkSettingsParser.ENV_TIME_ZONE).isEqualTo("TOKENLEDGER_ORG_TIME_ZONE");
    assertThat(SinkSettingsParser.ENV_TOPIC_PREFIX).isEqualTo("TOKENLEDGER_TOPIC_PREFIX");

    SinkSettings blank = SinkSettingsParser.parse(Optional.of(f), Map.of(SinkSettingsParser.ENV_TIME_ZONE, " ",
        SinkSettingsParser.ENV_TOPIC_PREFIX, ""));
    assertThat(blank.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(blank.topics().priced()).isEqualTo("file.usage.priced.v1");

    assertThatThrownBy(() -> SinkSettingsParser.parse(Optional.empty(), Map.of(
        SinkSettingsParser.ENV_TIME_ZONE, "Mars/Olympus", SinkSettingsParser.ENV_TOPIC_PREFIX, "a b")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("TOKENLEDGER_ORG_TIME_ZONE").hasMessageContaining("Mars/Olympus")
        .hasMessageContaining("TOKENLEDGER_TOPIC_PREFIX 'a b'");
  }
}
