package dev.tokenledger.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenledger.api.auth.Role;
import dev.tokenledger.api.auth.oidc.OidcSettings;
import dev.tokenledger.api.efficiency.EfficiencySettings;
import dev.tokenledger.settings.ConfigException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiSettingsParserTest {

  @TempDir Path dir;

  private Path reference() throws Exception {
    Path ref = dir.resolve("api.toml");
    try (InputStream in = getClass().getResourceAsStream("/config/api.reference.toml")) {
      Files.copy(in, ref);
    }
    return ref;
  }

  @Test
  void theReferenceFileParsesToTheDefaults() throws Exception {
    ApiSettings fromFile = ApiSettingsParser.parse(Optional.of(reference()), Map.of());
    ApiSettings defaults = ApiSettingsParser.parse(Optional.empty(), Map.of());
    assertThat(fromFile).isEqualTo(defaults);
    assertThat(defaults.clickhouse().url()).isEqualTo(URI.create("http://127.0.0.1:18123"));
    assertThat(defaults.clickhouse().database()).isEqualTo("tokenledger");
    assertThat(defaults.clickhouse().user()).isEqualTo("default");
    assertThat(defaults.clickhouse().password()).isEmpty();
    assertThat(defaults.clickhouse().requestTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(defaults.zone()).isEqualTo(ZoneId.of("UTC"));
    assertThat(defaults.listenHost()).isEqualTo("127.0.0.1");
    assertThat(defaults.listenPort()).isEqualTo(18090);
    assertThat(defaults.http()).isEqualTo(new HttpSettings("127.0.0.1", 18090, 65536, List.of(), 32, Duration.ofSeconds(10)));
    assertThat(defaults.auth()).isEqualTo(new AuthSettings(Duration.ofSeconds(30), Optional.empty()));
    assertThat(defaults.limits()).isEqualTo(new LimitSettings(Duration.ofSeconds(10), 2_000_000_000L, 4_294_967_296L, 1100));
    assertThat(defaults.finance()).isEqualTo(new FinanceSettings(Duration.ofHours(25)));
  }

  @Test
  void readsTheNewSections() throws Exception {
    Path f = dir.resolve("full.toml");
    Files.writeString(f, """
        [http]
        max_request_bytes = 2048
        cors_origins = ["https://reports.acme.example", "http://localhost:5173"]
        threads = 8
        shutdown_grace = "2s"
        [auth]
        token_cache = "5s"
        [oidc]
        issuer = "https://login.acme.example"
        jwks_url = "https://login.acme.example/keys"
        audience = "tokenledger"
        org_claim = "org"
        user_claim = "preferred_username"
        teams_claim = "teams"
        default_role = "finance"
        [limits]
        max_execution_time = "20s"
        max_rows_to_read = 1000
        max_memory_usage_bytes = 1073741824
        max_range_days = 400
        [finance]
        close_after = "48h"
        """);
    ApiSettings s = ApiSettingsParser.parse(Optional.of(f), Map.of());
    assertThat(s.http()).isEqualTo(new HttpSettings("127.0.0.1", 18090, 2048,
        List.of("https://reports.acme.example", "http://localhost:5173"), 8, Duration.ofSeconds(2)));
    assertThat(s.auth().tokenCache()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.auth().oidc()).contains(new OidcSettings("https://login.acme.example", URI.create("https://login.acme.example/keys"),
        "tokenledger", Optional.empty(), "org", "preferred_username", "email", "teams", "tokenledger_role", Role.FINANCE));
    assertThat(s.limits()).isEqualTo(new LimitSettings(Duration.ofSeconds(20), 1000, 1_073_741_824L, 400));
    assertThat(s.finance().closeAfter()).isEqualTo(Duration.ofHours(48));
  }

  @Test
  void oidcNeedsKeysAudienceAndOneOrganisationOverHttps() throws Exception {
    Path f = dir.resolve("oidc.toml");
    Files.writeString(f, """
        [oidc]
        issuer = "https://login.acme.example"
        jwks_url = "http://login.acme.example/keys"
        default_role = "boss"
        [finance]
        close_after = "24h"
        [http]
        cors_origins = ["https://ok.example", "https://bad.example/path"]
        threads = 2
        """);
    assertThatThrownBy(() -> ApiSettingsParser.parse(Optional.of(f), Map.of()))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).containsExactlyInAnyOrder(
            "oidc.jwks_url: must be an https:// URL (http:// only on 127.0.0.1 or localhost): http://login.acme.example/keys",
            "oidc.audience: required when oidc.issuer is set",
            "oidc.org / oidc.org_claim: set exactly one (a fixed organisation, or the claim naming it)",
            "oidc.default_role: expected one of developer, manager, finance, admin, got 'boss'",
            "finance.close_after: expected a duration from 24h15m to 2160h, got 24h",
            "http.cors_origins: expected origins such as https://reports.example.com, got 'https://bad.example/path'",
            "http.threads: expected an integer in [4, 512], got 2"));

    Files.writeString(f, """
        [oidc]
        issuer = "http://127.0.0.1:8080"
        jwks_url = "http://127.0.0.1:8080/keys"
        audience = "tokenledger"
        org = "acme"
        """);
    assertThat(ApiSettingsParser.parse(Optional.of(f), Map.of()).auth().oidc().orElseThrow().org()).contains("acme");
  }

  @Test
  void theReferenceFileListsEveryKey() throws Exception {
    JsonNode root = new TomlMapper().readTree(Files.readString(reference()));
    Map<String, Set<String>> listed = new HashMap<>();
    root.fields().forEachRemaining(s -> {
      Set<String> keys = new TreeSet<>();
      s.getValue().fieldNames().forEachRemaining(keys::add);
      listed.put(s.getKey(), keys);
    });
    Map<String, Set<String>> known = new HashMap<>();
    ApiSettingsParser.KEYS.forEach((section, keys) -> known.put(section, new TreeSet<>(keys)));
    assertThat(listed).isEqualTo(known);
  }

  @Test
  void readsTheFileAndTheEnvironmentWins() throws Exception {
    Path f = dir.resolve("a.toml");
    Files.writeString(f, """
        [clickhouse]
        url = "https://ch.example:8443"
        database = "ledger"
        user = "reader"
        password = "s3cret"
        query_timeout = "2m"
        [org]
        time_zone = "Europe/Berlin"
        [http]
        host = "0.0.0.0"
        port = 8080
        """);
    ApiSettings s = ApiSettingsParser.parse(Optional.of(f), Map.of());
    assertThat(s.clickhouse().url()).isEqualTo(URI.create("https://ch.example:8443"));
    assertThat(s.clickhouse().database()).isEqualTo("ledger");
    assertThat(s.clickhouse().user()).isEqualTo("reader");
    assertThat(s.clickhouse().password()).isEqualTo("s3cret");
    assertThat(s.clickhouse().requestTimeout()).isEqualTo(Duration.ofMinutes(2));
    assertThat(s.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(s.listenHost()).isEqualTo("0.0.0.0");
    assertThat(s.listenPort()).isEqualTo(8080);
    assertThat(s.toString()).doesNotContain("s3cret");

    ApiSettings env = ApiSettingsParser.parse(Optional.of(f), Map.of(
        "TOKENLEDGER_CLICKHOUSE_URL", "http://10.0.0.1:8123", "TOKENLEDGER_CLICKHOUSE_DATABASE", "other",
        "TOKENLEDGER_CLICKHOUSE_USER", "u", "TOKENLEDGER_CLICKHOUSE_PASSWORD", "p",
        "TOKENLEDGER_API_QUERY_TIMEOUT_S", "5", "TOKENLEDGER_ORG_TIME_ZONE", "Asia/Tokyo",
        "TOKENLEDGER_API_HOST", "127.0.0.2", "TOKENLEDGER_API_PORT", "9000"));
    assertThat(env.clickhouse().url()).isEqualTo(URI.create("http://10.0.0.1:8123"));
    assertThat(env.clickhouse().database()).isEqualTo("other");
    assertThat(env.clickhouse().user()).isEqualTo("u");
    assertThat(env.clickhouse().password()).isEqualTo("p");
    assertThat(env.clickhouse().requestTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(env.zone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
    assertThat(env.listenHost()).isEqualTo("127.0.0.2");
    assertThat(env.listenPort()).isEqualTo(9000);
  }

  @Test
  void everyErrorIsReportedAtOnce() throws Exception {
    Path f = dir.resolve("bad.toml");
    Files.writeString(f, """
        [clickhouse]
        url = "ftp://x"
        database = "no-dashes"
        query_timeout = "forever"
        colour = "blue"
        [http]
        port = 70000
        [kafka]
        bootstrap_servers = "x"
        [topics]
        budgets = "no spaces"
        [queue]
        size = 1
        """);
    assertThatThrownBy(() -> ApiSettingsParser.parse(Optional.of(f), Map.of("TOKENLEDGER_ORG_TIME_ZONE", "Mars/Olympus")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).hasSize(9).anySatisfy(m ->
                assertThat(m).startsWith("clickhouse.url: must start with http:// or https://"))
            .anySatisfy(m -> assertThat(m).startsWith("clickhouse.database: not a plain identifier"))
            .anySatisfy(m -> assertThat(m).startsWith("clickhouse.query_timeout: expected a duration"))
            .anySatisfy(m -> assertThat(m).startsWith("unknown key clickhouse.colour"))
            .anySatisfy(m -> assertThat(m).startsWith("http.port: expected an integer in [0, 65535]"))
            .anySatisfy(m -> assertThat(m).startsWith("unknown section [queue]"))
            .anySatisfy(m -> assertThat(m).startsWith("kafka.bootstrap_servers: expected host:port"))
            .anySatisfy(m -> assertThat(m).startsWith("topics.budgets: not a Kafka topic name"))
            .anySatisfy(m -> assertThat(m).startsWith("TOKENLEDGER_ORG_TIME_ZONE: ")));
  }

  @Test
  void kafkaForBudgetsFromTheFileAndTheSameEnvironmentAsTheOtherRoles() throws Exception {
    ApiSettings defaults = ApiSettingsParser.parse(Map.of());
    assertThat(defaults.kafka()).isEqualTo(new KafkaSettings("127.0.0.1:19092", "http://127.0.0.1:18081/apis/ccompat/v7", "budgets.v1"));
    Path f = dir.resolve("kafka.toml");
    Files.writeString(f, """
        [kafka]
        bootstrap_servers = "k1:9092,k2:9092"
        registry_url = "https://sr.example.com"
        [topics]
        budgets = "acme.budgets.v1"
        """);
    assertThat(ApiSettingsParser.parse(Optional.of(f), Map.of()).kafka())
        .isEqualTo(new KafkaSettings("k1:9092,k2:9092", "https://sr.example.com", "acme.budgets.v1"));
    assertThat(ApiSettingsParser.parse(Optional.of(f), Map.of("TOKENLEDGER_BOOTSTRAP_SERVERS", "k3:9092",
        "TOKENLEDGER_REGISTRY_URL", "http://127.0.0.1:1/apis/ccompat/v7")).kafka())
        .isEqualTo(new KafkaSettings("k3:9092", "http://127.0.0.1:1/apis/ccompat/v7", "acme.budgets.v1"));
  }

  @Test
  void theBudgetStoreConnectsWithTheSharedKafkaSecurityAndRegistryCredentials() throws Exception {
    Path f = dir.resolve("secure.toml");
    Files.writeString(f, """
        [kafka]
        security_protocol = "SASL_SSL"
        sasl_mechanism = "SCRAM-SHA-256"
        sasl_username = "api"
        ssl_endpoint_identification = false
        registry_user = "api-sr"
        """);
    ApiSettings s = ApiSettingsParser.parse(Optional.of(f), Map.of("TOKENLEDGER_KAFKA_SASL_PASSWORD", "kpw-123",
        "TOKENLEDGER_REGISTRY_PASSWORD", "srpw-456"));
    assertThat(s.kafka().connection().properties()).containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-256").containsEntry("ssl.endpoint.identification.algorithm", "")
        .containsEntry("bootstrap.servers", "127.0.0.1:19092");
    assertThat(s.kafka().registryCredentials().basicAuth()).contains("api-sr:srpw-456");
    assertThat(s.toString()).doesNotContain("kpw-123", "srpw-456");
    assertThatThrownBy(() -> ApiSettingsParser.parse(Optional.of(f), Map.of()))
        .hasMessageContaining("kafka.sasl_password / TOKENLEDGER_KAFKA_SASL_PASSWORD: required");
  }

  @Test
  void badEnvironmentNumbersAreNamed() {
    assertThatThrownBy(() -> ApiSettingsParser.parse(Map.of("TOKENLEDGER_API_PORT", "http", "TOKENLEDGER_API_QUERY_TIMEOUT_S", "0")))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).containsExactlyInAnyOrder(
            "TOKENLEDGER_API_QUERY_TIMEOUT_S: must be 1..3600: 0", "TOKENLEDGER_API_PORT: not a number: 'http'"));
  }

  @Test
  void readsTheEfficiencySectionAndReportsEveryBadValue() throws Exception {
    Path f = dir.resolve("efficiency.toml");
    Files.writeString(f, """
        [efficiency]
        cache_hit_target = "0.85"
        outlier_factor = "2.5"
        outlier_baseline_days = 14
        zombie_days = 7
        """);
    EfficiencySettings e = ApiSettingsParser.parse(Optional.of(f), Map.of()).efficiency();
    assertThat(e.cacheHitTarget()).isEqualTo("0.85");
    assertThat(e.outlierFactor()).isEqualTo("2.5");
    assertThat(e.outlierBaselineDays()).isEqualTo(14);
    assertThat(e.zombieDays()).isEqualTo(7);
    assertThat(e.trivialOutputTokens()).isEqualTo(EfficiencySettings.DEFAULTS.trivialOutputTokens());

    Files.writeString(f, """
        [efficiency]
        cache_hit_target = "1.5"
        trivial_share = 0.3
        share_limit = 0
        """);
    assertThatThrownBy(() -> ApiSettingsParser.parse(Optional.of(f), Map.of()))
        .hasMessageContaining("efficiency.trivial_share: expected a string")
        .hasMessageContaining("efficiency.share_limit: expected an integer in [1, 1000]");
    Files.writeString(f, """
        [efficiency]
        cache_hit_target = "1.5"
        """);
    assertThatThrownBy(() -> ApiSettingsParser.parse(Optional.of(f), Map.of()))
        .hasMessageContaining("efficiency.cache_hit_target: must be a fraction from 0 to 1, got 1.5");
  }
}
