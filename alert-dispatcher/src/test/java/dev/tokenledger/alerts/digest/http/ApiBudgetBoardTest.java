package dev.tokenledger.alerts.digest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpServer;
import dev.tokenledger.alerts.config.Secret;
import dev.tokenledger.alerts.config.SecretUrl;
import dev.tokenledger.alerts.digest.BudgetBoard;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The digest's reading of the API: the organisation, each enabled budget with its channels; failures named without the token. */
class ApiBudgetBoardTest {

  private HttpServer server;
  private final List<String> authorizations = new ArrayList<>();
  private volatile int budgetsStatus = 200;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/me", x -> answer(x, 200, """
        {"query_id":"q1","rows":[{"org":"acme","user":"fin","email":"","role":"finance","teams":"","credential":"token:x"}],
         "truncated":false,"next":null}"""));
    server.createContext("/v1/budgets", x -> answer(x, budgetsStatus, """
        {"query_id":"q2","rows":[
          {"id":"platform-monthly","scope":"team","value":"platform","period":"month","period_start":"2026-12-01T00:00+01:00",
           "period_end":"2027-01-01T00:00+01:00","time_zone":"Europe/Berlin","limit_usd":"500","spend_usd":"512.250000001",
           "remaining_usd":"-12.250000001","percent":"102.45","projected_usd":"2100.5","status":"exceeded","thresholds":"80,100",
           "enabled":true,"notify":"ops,finance","updated":"2026-12-01T08:00:00Z"},
          {"id":"paused","scope":"org","value":"acme","period":"day","period_start":"2026-12-07T00:00Z",
           "period_end":"2026-12-08T00:00Z","time_zone":"UTC","limit_usd":"5","spend_usd":"0","remaining_usd":"5",
           "percent":"0","projected_usd":"0","status":"ok","thresholds":"100","enabled":false,"notify":"ops",
           "updated":"2026-12-01T08:00:00Z"}],
         "truncated":false,"next":null}"""));
    server.start();
  }

  private void answer(com.sun.net.httpserver.HttpExchange x, int status, String body) throws java.io.IOException {
    authorizations.add(x.getRequestHeaders().getFirst("Authorization"));
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    x.sendResponseHeaders(status, b.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(b);
    }
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private ApiBudgetBoard board() {
    return new ApiBudgetBoard(SecretUrl.parse("http://127.0.0.1:" + server.getAddress().getPort() + "/"),
        new Secret("tlk_abc_secret", "api_token"));
  }

  @Test
  void readsTheOrganisationAndEachEnabledBudgetWithItsChannels() throws Exception {
    BudgetBoard.Board b = board().read();
    assertThat(b.orgId()).isEqualTo("acme");
    assertThat(b.budgets()).singleElement().satisfies(e -> {
      assertThat(e.channels()).containsExactly("ops", "finance");
      assertThat(e.line().budgetId()).isEqualTo("platform-monthly");
      assertThat(e.line().spendUsd()).isEqualByComparingTo(new BigDecimal("512.250000001"));
      assertThat(e.line().percent()).isEqualByComparingTo(new BigDecimal("102.45"));
      assertThat(e.line().periodStart()).isEqualTo(Instant.parse("2026-11-30T23:00:00Z"));
      assertThat(e.line().status()).isEqualTo("exceeded");
    });
    assertThat(authorizations).containsOnly("Bearer tlk_abc_secret");
  }

  @Test
  void aRefusalIsNamedWithoutTheToken() {
    budgetsStatus = 403;
    BudgetBoard.BudgetBoardException e = catchThrowableOfType(BudgetBoard.BudgetBoardException.class, () -> board().read());
    assertThat(e.getMessage()).isEqualTo("/v1/budgets answered HTTP 403 (the digest needs a finance or admin token)")
        .doesNotContain("tlk_");
  }
}
