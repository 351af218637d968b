package dev.tokenledger.alerts.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tokenledger.settings.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertsSettingsParserTest {

  private static final String SLACK_URL = "https://hooks.slack.com/services/T000/B000/XXXXSECRET";

  @TempDir
  Path dir;

  private Path write(String toml) throws Exception {
    Path f = dir.resolve("alerts.toml");
    Files.writeString(f, toml);
    return f;
  }

  @Test
  void defaultsWithoutAFile() {
    AlertsSettings s = AlertsSettingsParser.parse(Optional.empty(), Map.of());
    assertThat(s.kafka().bootstrapServers()).isEqualTo("127.0.0.1:19092");
    assertThat(s.kafka().groupId()).isEqualTo("tokenledger-alerts");
    assertThat(s.kafka().transactionalId()).startsWith("tokenledger-alerts-");
    assertThat(s.topics().breaches()).isEqualTo("budget.breaches.v1");
    assertThat(s.topics().deliveries()).isEqualTo("alert.deliveries.v1");
    assertThat(s.topics().deadLetter()).isEqualTo("alert.deadletter.v1");
    assertThat(s.delivery().maxAttempts()).isEqualTo(8);
    assertThat(s.delivery().retryPolicy().deadline()).contains(Duration.ofMinutes(10));
    assertThat(s.channels()).isEmpty();
    assertThat(s.warehouse()).isEmpty();
  }

  @Test
  void theWarehouseFromTheFileWithItsPasswordFromTheEnvironmentPrintsMasked() throws Exception {
    AlertsSettings s = AlertsSettingsParser.parse(Optional.of(write("""
        [warehouse]
        url = "https://clickhouse.internal:8443"
        database = "tl_prod"
        user = "alerts_reader"
        password_env = "CH_PASSWORD"
        timeout = "2s"
        """)), Map.of("CH_PASSWORD", "PW-SECRET"));
    WarehouseSettings w = s.warehouse().orElseThrow();
    assertThat(w.url().reveal().toString()).isEqualTo("https://clickhouse.internal:8443");
    assertThat(w.database()).isEqualTo("tl_prod");
    assertThat(w.user()).isEqualTo("alerts_reader");
    assertThat(w.password().orElseThrow().reveal()).isEqualTo("PW-SECRET");
    assertThat(w.timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(w.toString()).isEqualTo("https://clickhouse.internal:8443/ database tl_prod user alerts_reader"
        + " password ****(password_env CH_PASSWORD), timeout 2000 ms");
    assertThat(s.toString()).doesNotContain("PW-SECRET");

    WarehouseSettings defaults = AlertsSettingsParser.parse(Optional.of(write("""
        [warehouse]
        url = "http://127.0.0.1:18123"
        """)), Map.of()).warehouse().orElseThrow();
    assertThat(defaults.database()).isEqualTo("tokenledger");
    assertThat(defaults.user()).isEqualTo("default");
    assertThat(defaults.password()).isEmpty();
    assertThat(defaults.timeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void anEmptyWarehouseUrlIsOff() throws Exception {
    assertThat(AlertsSettingsParser.parse(Optional.of(write("[warehouse]\nurl = \"\"\ndatabase = \"x\"\n")), Map.of())
        .warehouse()).isEmpty();
  }

  @Test
  void everyWarehouseErrorIsReportedWithoutRepeatingTheUrlOrThePassword() throws Exception {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> AlertsSettingsParser.parse(Optional.of(write("""
        [warehouse]
        url = "ftp://SECRETHOST/x"
        database = "no-dashes"
        password = "PW-SECRET"
        password_env = "CH_PASSWORD"
        timeout = "1m"
        """)), Map.of()));
    assertThat(e.getMessage()).contains("warehouse.url must be an http(s) URL")
        .contains("warehouse: set password or password_env, not both")
        .contains("warehouse.database 'no-dashes'")
        .contains("warehouse.timeout: from 100ms to 30s")
        .doesNotContain("SECRETHOST").doesNotContain("PW-SECRET");
    ConfigException unset = catchThrowableOfType(ConfigException.class, () -> AlertsSettingsParser.parse(Optional.of(write("""
        [warehouse]
        url = "http://127.0.0.1:18123"
        password_env = "CH_PASSWORD"
        """)), Map.of()));
    assertThat(unset.getMessage()).contains("warehouse.password_env: the environment variable CH_PASSWORD is not set");
  }

  @Test
  void theReferenceFileParsesToTheDefaults() throws Exception {
    Path reference = Path.of("src/main/resources/config/alerts.reference.toml");
    String text = Files.readString(reference).replace("\"tokenledger-alerts-<host name>\"", "\"tokenledger-alerts-x\"");
    AlertsSettings fromFile = AlertsSettingsParser.parse(Optional.of(write(text)), Map.of());
    AlertsSettings defaults = AlertsSettingsParser.parse(Optional.empty(), Map.of());
    assertThat(fromFile.topics()).isEqualTo(defaults.topics());
    assertThat(fromFile.delivery()).isEqualTo(defaults.delivery());
    assertThat(fromFile.kafka().groupId()).isEqualTo(defaults.kafka().groupId());
    assertThat(fromFile.warehouse()).isEqualTo(defaults.warehouse()).isEmpty();
  }

  @Test
  void channelsFromTheFileAndTheEnvironmentAndTheEnvironmentOverridesKafka() throws Exception {
    AlertsSettings s = AlertsSettingsParser.parse(Optional.of(write("""
        [kafka]
        topic_prefix = "staging."
        [[channel]]
        name = "ops"
        type = "webhook"
        url = "https://hooks.example.com/tokenledger/abc"
        secret_env = "OPS_SECRET"
        rate_per_minute = 30
        [[channel]]
        name = "eng-slack"
        type = "slack"
        url_env = "SLACK_URL"
        """)), Map.of("OPS_SECRET", "s3cr3t", "SLACK_URL", SLACK_URL, "TOKENLEDGER_BOOTSTRAP_SERVERS", "kafka:9092",
            "TOKENLEDGER_TOPIC_PREFIX", "prod."));
    assertThat(s.kafka().bootstrapServers()).isEqualTo("kafka:9092");
    assertThat(s.topics().breaches()).isEqualTo("prod.budget.breaches.v1");
    assertThat(s.topics().deliveries()).isEqualTo("prod.alert.deliveries.v1");
    ChannelSettings ops = s.channel("ops").orElseThrow();
    assertThat(ops.type()).isEqualTo(ChannelType.WEBHOOK);
    assertThat(ops.secret().orElseThrow().reveal()).isEqualTo("s3cr3t");
    assertThat(ops.ratePerMinute()).isEqualTo(30);
    ChannelSettings slack = s.channel("eng-slack").orElseThrow();
    assertThat(slack.url().reveal().toString()).isEqualTo(SLACK_URL);
    assertThat(slack.ratePerMinute()).isEqualTo(20);
    assertThat(slack.secret()).isEmpty();
    // the settings' text (what --validate and any log line would show) holds no URL path and no secret
    assertThat(s.toString()).doesNotContain("XXXXSECRET").doesNotContain("s3cr3t").doesNotContain("/tokenledger/abc")
        .contains("https://hooks.slack.com/***").contains("https://hooks.example.com/***");
  }

  @Test
  void everyChannelErrorIsReportedAtOnceWithoutRepeatingASecret() throws Exception {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> AlertsSettingsParser.parse(Optional.of(write("""
        [[channel]]
        name = "a"
        type = "pager"
        url = "https://x.example.com/SECRETPATH"
        [[channel]]
        name = "a"
        type = "webhook"
        url = "ftp://files.example.com/SECRETPATH"
        [[channel]]
        name = "b"
        type = "slack"
        url = "https://hooks.slack.com/SECRETPATH"
        secret = "SECRETKEY"
        [[channel]]
        name = "c"
        type = "webhook"
        url = "https://x.example.com/SECRETPATH"
        url_env = "C_URL"
        [[channel]]
        name = "d"
        type = "webhook"
        url_env = "MISSING_URL"
        [[channel]]
        type = "webhook"
        bogus = 1
        """)), Map.of()));
    assertThat(e.errors()).anyMatch(m -> m.contains("channel[0].type") && m.contains("\"webhook\" or \"slack\""))
        .anyMatch(m -> m.contains("channel[1] (a): the name is used by another channel"))
        .anyMatch(m -> m.contains("channel[1] (a).url must be an http(s) URL"))
        .anyMatch(m -> m.contains("channel[2] (b): a Slack channel has no secret"))
        .anyMatch(m -> m.contains("channel[3] (c): set url or url_env, not both"))
        .anyMatch(m -> m.contains("channel[4] (d).url_env: the environment variable MISSING_URL is not set"))
        .anyMatch(m -> m.contains("channel[5].name: required"))
        .anyMatch(m -> m.contains("unknown key channel[5].bogus"));
    assertThat(e.getMessage()).doesNotContain("SECRETPATH").doesNotContain("SECRETKEY");
  }

  @Test
  void deliverySettingsAreChecked() throws Exception {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> AlertsSettingsParser.parse(Optional.of(write("""
        [delivery]
        max_attempts = 0
        initial_backoff = "10s"
        max_backoff = "1s"
        jitter_percent = 100
        """)), Map.of()));
    assertThat(e.errors()).anyMatch(m -> m.contains("delivery.max_attempts"))
        .anyMatch(m -> m.contains("delivery.jitter_percent"))
        .anyMatch(m -> m.contains("max delay PT1S is shorter than the initial delay PT10S"));
  }

  @Test
  void urlsAreMaskedAfterTheHost() {
    assertThat(SecretUrl.parse("https://hooks.slack.com/services/T0/B0/X").masked()).isEqualTo("https://hooks.slack.com/***");
    assertThat(SecretUrl.parse("http://127.0.0.1:8080/hook?token=abc").masked()).isEqualTo("http://127.0.0.1:8080/***");
    assertThat(SecretUrl.parse("https://user:pw@example.com").masked()).isEqualTo("https://example.com/***");
    assertThat(SecretUrl.parse("https://example.com").masked()).isEqualTo("https://example.com/");
    SecretUrl u = SecretUrl.parse("https://hooks.slack.com/services/T0/B0/X");
    assertThat(u.scrub("failed: https://hooks.slack.com/services/T0/B0/X and /services/T0/B0/X"))
        .isEqualTo("failed: https://hooks.slack.com/*** and /***");
    assertThat(new Secret("k", "secret").toString()).isEqualTo("****(secret)");
  }

  @Test
  void aDigestNeedsATimeAZoneTheApiAndATokenFromTheEnvironment() throws Exception {
    AlertsSettings s = AlertsSettingsParser.parse(Optional.of(write("""
        [[channel]]
        name = "ops"
        type = "webhook"
        url = "https://hooks.example.com/ops"
        [digest]
        at = "08:30"
        time_zone = "Europe/Berlin"
        api_url = "http://127.0.0.1:18090"
        api_token_env = "DIGEST_TOKEN"
        channels = ["ops"]
        """)), Map.of("DIGEST_TOKEN", "tlk_a_b"));
    DigestSettings d = s.digest().orElseThrow();
    assertThat(d.at()).isEqualTo(java.time.LocalTime.of(8, 30));
    assertThat(d.zone()).isEqualTo(java.time.ZoneId.of("Europe/Berlin"));
    assertThat(d.apiToken().reveal()).isEqualTo("tlk_a_b");
    assertThat(d.toString()).doesNotContain("tlk_a_b");
    assertThat(d.channels()).containsExactly("ops");
    assertThat(AlertsSettingsParser.parse(Optional.empty(), Map.of()).digest()).as("off by default").isEmpty();

    assertThatThrownBy(() -> AlertsSettingsParser.parse(Optional.of(write("""
        [digest]
        at = "25:00"
        time_zone = "Mars/Olympus"
        channels = ["nobody"]
        """)), Map.of()))
        .hasMessageContaining("digest.at: a time of day such as \"09:00\", got '25:00'")
        .hasMessageContaining("digest.time_zone: an IANA zone")
        .hasMessageContaining("digest.channels: 'nobody' is not a configured channel")
        .hasMessageContaining("digest.api_url: required")
        .hasMessageContaining("digest: set api_token_env");
  }

  @Test
  void variancesAreReadByDefaultFromThePrefixedTopicAndTheirChannelsMustBeConfigured() throws Exception {
    AlertsSettings defaults = AlertsSettingsParser.parse(Optional.empty(), Map.of("TOKENLEDGER_TOPIC_PREFIX", "prod-"));
    assertThat(defaults.variances().enabled()).isTrue();
    assertThat(defaults.variances().topic()).isEqualTo("prod-reconciliation.variances.v1");
    assertThat(defaults.variances().channels()).isEmpty();

    AlertsSettings s = AlertsSettingsParser.parse(Optional.of(write("""
        [[channel]]
        name = "finance"
        type = "webhook"
        url = "https://hooks.example.com/finance"
        [variances]
        channels = ["finance"]
        """)), Map.of());
    assertThat(s.variances().channels()).containsExactly("finance");
    assertThat(s.variances().toString()).isEqualTo("from reconciliation.variances.v1, to [finance] and the channels each names");

    assertThat(AlertsSettingsParser.parse(Optional.of(write("[variances]\nenabled = false\n")), Map.of()).variances().enabled())
        .isFalse();
    assertThatThrownBy(() -> AlertsSettingsParser.parse(Optional.of(write("[variances]\nchannels = [\"nobody\"]\n")), Map.of()))
        .hasMessageContaining("variances.channels: 'nobody' is not a configured channel");
  }
}
