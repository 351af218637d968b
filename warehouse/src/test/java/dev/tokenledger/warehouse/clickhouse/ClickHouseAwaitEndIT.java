package dev.tokenledger.warehouse.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tokenledger.schemas.testing.StackEnv;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Waiting for a query by its id on the real server: the basis of the sink's retry after a client
 * timeout (an insert the client gave up on keeps running on the server and may still commit).
 */
class ClickHouseAwaitEndIT {

  private final String url = StackEnv.clickhouseUrl();

  @Test
  void returnsAtOnceForAQueryNotRunningAndOnceARunningQueryHasEnded() {
    ClickHouseHttpClient client = new ClickHouseHttpClient(ClickHouseEndpoint.of(url, "system"));
    client.awaitEnd("never-started-" + UUID.randomUUID());

    String id = "await-" + UUID.randomUUID();
    CompletableFuture<String> running = CompletableFuture.supplyAsync(() -> queryWithId(id, "SELECT sleep(2)"));
    await().atMost(Duration.ofSeconds(5)).until(() -> isRunning(client, id));
    client.awaitEnd(id);
    assertThat(isRunning(client, id)).isFalse();
    assertThat(running.join()).isEqualTo("0\n");   // it ran to its end: nothing was cancelled
  }

  @Test
  void aQueryStillRunningAfterTheRequestTimeoutIsCancelled() {
    ClickHouseHttpClient client = new ClickHouseHttpClient(
        new ClickHouseEndpoint(URI.create(url), "system", "default", "", Duration.ofMillis(500)));
    String id = "kill-" + UUID.randomUUID();
    CompletableFuture<String> running = CompletableFuture.supplyAsync(
        () -> queryWithId(id, "SELECT count() FROM numbers(100000000000) WHERE NOT ignore(sipHash64(number))"));
    await().atMost(Duration.ofSeconds(5)).until(() -> isRunning(client, id));
    client.awaitEnd(id);   // 0.5 s of polling, then KILL QUERY … SYNC
    assertThat(isRunning(client, id)).isFalse();
    await().atMost(Duration.ofSeconds(10)).until(running::isDone);
  }

  private static boolean isRunning(ClickHouseClient client, String id) {
    return !client.query("SELECT count() FROM system.processes WHERE query_id = '" + id + "'\nFORMAT TabSeparated")
        .strip().equals("0");
  }

  /** Runs {@code sql} under query id {@code id} (the HTTP interface's query_id parameter); its answer or error text. */
  private String queryWithId(String id, String sql) {
    try {
      HttpRequest req = HttpRequest.newBuilder(URI.create(url + "/?query_id=" + id)).POST(HttpRequest.BodyPublishers.ofString(sql)).build();
      return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString()).body();
    } catch (Exception e) {
      return e.toString();
    }
  }
}
