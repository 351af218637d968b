package dev.tokenledger.reconciliation.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenledger.reconciliation.DayRange;
import dev.tokenledger.reconciliation.ProviderReportException;
import dev.tokenledger.reconciliation.ProviderRow;
import dev.tokenledger.reconciliation.ReportKind;
import dev.tokenledger.reconciliation.anthropic.AnthropicReports;
import dev.tokenledger.reconciliation.openai.OpenAiReports;
import dev.tokenledger.reconciliation.testing.Fixtures;
import dev.tokenledger.reconciliation.testing.ReplayServer;
import dev.tokenledger.reconciliation.testing.ReplayServer.Answer;
import dev.tokenledger.retry.RetryPolicy;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ProviderHttpTest {

  private static final String KEY = "sk-ant-admin01-not-a-real-key";
  private static final DayRange NOV_1_2 = new DayRange(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 2));

  private final List<Duration> waits = new CopyOnWriteArrayList<>();

  private ProviderHttp http(int attempts) {
    return new ProviderHttp(RetryPolicy.exponential(Duration.ofMillis(10), Duration.ofMillis(40)).withMaxAttempts(attempts),
        Duration.ofSeconds(5), waits::add);
  }

  @Test
  void everyPageIsReadWithTheAdminHeadersAndA429WaitsItsRetryAfter() throws Exception {
    try (ReplayServer server = new ReplayServer(Map.of("/v1/organizations/usage_report/messages",
        r -> Answer.ok(Fixtures.read(r.query().containsKey("page") ? "anthropic/usage-page-2.json" : "anthropic/usage-page-1.json"))))) {
      server.failNext(new Answer(429, "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}",
          Map.of("retry-after", "7")));
      List<ProviderRow> rows = new AnthropicReports(http(5), server.baseUrl(), KEY).fetch(ReportKind.USAGE, NOV_1_2);
      assertThat(rows).hasSize(3);
      assertThat(waits).containsExactly(Duration.ofSeconds(7));
      List<ReplayServer.Request> reqs = server.requests();
      assertThat(reqs).hasSize(3);
      assertThat(reqs.get(0).headers()).containsEntry("x-api-key", KEY).containsEntry("anthropic-version", "2023-06-01");
      assertThat(reqs.get(0).query().keySet()).containsExactly("starting_at", "ending_at", "bucket_width", "group_by[]", "limit");
      assertThat(reqs.get(0).query()).containsEntry("starting_at", "2026-11-01T00:00:00Z")
          .containsEntry("ending_at", "2026-11-03T00:00:00Z").containsEntry("bucket_width", "1d")
          .containsEntry("group_by[]", "model").containsEntry("limit", "31");
      assertThat(reqs.get(1).query()).doesNotContainKey("page");
      assertThat(reqs.get(2).query()).containsEntry("page", "page_MjAyNi0xMS0wMlQwMDowMDowMFo=");
    }
  }

  @Test
  void aRefusedKeyFailsAtOnceNamingTheStatusButNeverTheKey() throws Exception {
    try (ReplayServer server = new ReplayServer(Map.of("/v1/organizations/cost_report",
        r -> new Answer(401, "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"}}",
            Map.of())))) {
      assertThatThrownBy(() -> new AnthropicReports(http(5), server.baseUrl(), KEY).fetch(ReportKind.COST, NOV_1_2))
          .isInstanceOf(ProviderReportException.class)
          .hasMessageContaining("HTTP 401").hasMessageContaining("invalid x-api-key").hasMessageNotContaining(KEY);
      assertThat(server.requests()).hasSize(1);
      assertThat(waits).isEmpty();
    }
  }

  @Test
  void serverErrorsAreRetriedUntilThePolicyGivesUp() throws Exception {
    try (ReplayServer server = new ReplayServer(Map.of("/v1/organization/costs", r -> new Answer(503, "", Map.of())))) {
      assertThatThrownBy(() -> new OpenAiReports(http(3), server.baseUrl(), "sk-admin-x").fetch(ReportKind.COST, NOV_1_2))
          .isInstanceOf(ProviderReportException.class).hasMessageContaining("gave up after 3 attempts")
          .hasMessageContaining("HTTP 503");
      assertThat(server.requests()).hasSize(3);
      assertThat(waits).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20));
    }
  }

  @Test
  void openAiIsAskedWithUnixTimesAndABearerKey() throws Exception {
    try (ReplayServer server = new ReplayServer(Map.of("/v1/organization/usage/completions",
        r -> Answer.ok(Fixtures.read("openai/completions.json").replace("\"has_more\": true", "\"has_more\": false"))))) {
      List<ProviderRow> rows = new OpenAiReports(http(3), server.baseUrl(), "sk-admin-x").fetch(ReportKind.USAGE, NOV_1_2);
      assertThat(rows).hasSize(1);
      assertThat(server.requests().get(0).headers()).containsEntry("authorization", "Bearer sk-admin-x");
      assertThat(server.requests().get(0).query()).containsEntry("start_time", "1793491200")
          .containsEntry("end_time", "1793664000").containsEntry("group_by", "model").containsEntry("bucket_width", "1d");
    }
  }

  @Test
  void aCursorSeenTwiceStopsTheImport() throws Exception {
    try (ReplayServer server = new ReplayServer(Map.of("/v1/organizations/usage_report/messages",
        r -> Answer.ok(Fixtures.read("anthropic/usage-page-1.json"))))) {
      assertThatThrownBy(() -> new AnthropicReports(http(3), server.baseUrl(), KEY).fetch(ReportKind.USAGE, NOV_1_2))
          .hasMessageContaining("same next_page cursor twice");
    }
  }
}
