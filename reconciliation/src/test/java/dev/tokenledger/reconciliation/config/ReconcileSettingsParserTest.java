package dev.tokenledger.reconciliation.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenledger.reconciliation.Provider;
import dev.tokenledger.settings.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReconcileSettingsParserTest {

  @TempDir
  Path dir;

  private Path reference() throws IOException {
    Path f = dir.resolve("reconcile.toml");
    try (InputStream in = getClass().getResourceAsStream("/config/reconcile.reference.toml")) {
      Files.write(f, in.readAllBytes());
    }
    return f;
  }

  @Test
  void theReferenceFileParsesToTheDefaults() throws IOException {
    ReconcileSettings s = ReconcileSettingsParser.parse(Optional.of(reference()), Map.of());
    assertThat(s.orgId()).isEqualTo("acme");
    assertThat(s.alertShare()).isEqualByComparingTo("0.05");
    assertThat(s.clickhouse().database()).isEqualTo("tokenledger");
    assertThat(s.provider(Provider.ANTHROPIC).baseUrl()).hasToString("https://api.anthropic.com");
    assertThat(s.provider(Provider.ANTHROPIC).adminKey()).isEmpty();
    assertThat(s.provider(Provider.ANTHROPIC).scope().subjectSources()).containsExactly("CLAUDE_CODE");
    assertThat(s.retry().maxAttempts()).isEqualTo(8);
    assertThat(s.alertChannels()).isEmpty();
    assertThat(s.kafka().bootstrapServers()).isEqualTo("127.0.0.1:19092");
    assertThat(s.kafka().topics().variances()).isEqualTo("reconciliation.variances.v1");
  }

  @Test
  void alertChannelsAndKafkaAreReadWithTheEnvironmentWinning() throws IOException {
    Files.writeString(dir.resolve("a.toml"), "[reconcile]\norg_id = \"acme\"\nalert_channels = [\"finance-hook\", \"eng-slack\"]\n"
        + "[kafka]\nbootstrap_servers = \"kafka-1:9092\"\ntopic_prefix = \"file-\"\n");
    ReconcileSettings s = ReconcileSettingsParser.parse(Optional.of(dir.resolve("a.toml")),
        Map.of("TOKENLEDGER_TOPIC_PREFIX", "prod-", "TOKENLEDGER_REGISTRY_URL", "http://registry:8081"));
    assertThat(s.alertChannels()).containsExactly("finance-hook", "eng-slack");
    assertThat(s.kafka().bootstrapServers()).isEqualTo("kafka-1:9092");
    assertThat(s.kafka().registryUrl()).isEqualTo("http://registry:8081");
    assertThat(s.kafka().topics().variances()).isEqualTo("prod-reconciliation.variances.v1");
  }

  @Test
  void aChannelNameWithABarIsRefused() throws IOException {
    Files.writeString(dir.resolve("b.toml"), "[reconcile]\norg_id = \"acme\"\nalert_channels = [\"a|b\"]\n");
    assertThatThrownBy(() -> ReconcileSettingsParser.parse(Optional.of(dir.resolve("b.toml")), Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("reconcile.alert_channels").hasMessageContaining("'a|b'");
  }

  @Test
  void adminKeysComeFromTheEnvironmentOrAFileAndAreNeverShown() throws IOException {
    Path key = dir.resolve("openai.key");
    Files.writeString(key, "sk-admin-from-file\n");
    Files.writeString(dir.resolve("r.toml"), "[reconcile]\norg_id = \"acme\"\n[openai]\nadmin_key_file = \"openai.key\"\n"
        + "model_map = [\"gpt-5-codex-2026=gpt-5-codex\"]\n");
    ReconcileSettings s = ReconcileSettingsParser.parse(Optional.of(dir.resolve("r.toml")),
        Map.of("ANTHROPIC_ADMIN_KEY", "sk-ant-admin01-env", "TOKENLEDGER_CLICKHOUSE_DATABASE", "ledger_db"));
    assertThat(s.provider(Provider.ANTHROPIC).adminKey()).contains("sk-ant-admin01-env");
    assertThat(s.provider(Provider.OPENAI).adminKey()).contains("sk-admin-from-file");
    assertThat(s.provider(Provider.OPENAI).models().ledgerModel("gpt-5-codex-2026")).isEqualTo("gpt-5-codex");
    assertThat(s.clickhouse().database()).isEqualTo("ledger_db");
    assertThat(s.toString()).doesNotContain("sk-ant-admin01-env").doesNotContain("sk-admin-from-file").contains("********");
  }

  @Test
  void everyErrorIsReportedAtOnce() throws IOException {
    Files.writeString(dir.resolve("bad.toml"), "[reconcile]\nalert_share = \"lots\"\n[openai]\nadmin_key = \"sk-inline\"\n"
        + "base_url = \"ftp://x\"\nmodel_map = [\"no-equals\"]\n[anthropic]\nadmin_key_file = \"missing.key\"\n");
    assertThatThrownBy(() -> ReconcileSettingsParser.parse(Optional.of(dir.resolve("bad.toml")), Map.of()))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).getMessage()).contains("reconcile.org_id", "alert_share",
            "admin_key", "base_url", "model_map", "admin_key_file").doesNotContain("sk-inline"));
  }

  @Test
  void theOrgCanComeFromTheEnvironment() {
    ReconcileSettings s = ReconcileSettingsParser.parse(Optional.empty(), Map.of("TOKENLEDGER_ORG_ID", "globex"));
    assertThat(s.orgId()).isEqualTo("globex");
    assertThat(s.alertShare()).isEqualTo(new BigDecimal("0.05"));
    assertThat(s.provider(Provider.OPENAI).scope().sources()).isEqualTo(List.of());
  }

  @Test
  void validatePrintsTheSettingsAndExitsTwoOnAnError() throws IOException {
    java.io.PrintStream out = System.out;
    java.io.PrintStream err = System.err;
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
    try {
      System.setOut(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
      assertThat(dev.tokenledger.reconciliation.cli.ReconcileMain.run("reconcile", "--validate", "--config", reference().toString()))
          .isZero();
      Files.writeString(dir.resolve("broken.toml"), "[nonsense]\n");
      System.setErr(new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true));
      assertThat(dev.tokenledger.reconciliation.cli.ReconcileMain.run("--validate", "--config", dir.resolve("broken.toml").toString()))
          .isEqualTo(2);
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    assertThat(buf.toString(java.nio.charset.StandardCharsets.UTF_8)).contains("org acme", "https://api.anthropic.com admin key ");
  }
}
