package dev.tokenledger.api.config;

import dev.tokenledger.operations.OpsSettings;
import dev.tokenledger.api.efficiency.EfficiencySettings;
import dev.tokenledger.warehouse.clickhouse.ClickHouseEndpoint;
import java.time.ZoneId;

/**
 * The query API's settings, parsed once ({@link ApiSettingsParser}).
 *
 * @param clickhouse where the warehouse is: URL, database, credentials, and how long one query may take
 * @param zone the organisation time zone days and months are computed in
 * @param http the HTTP server: bind address, port, request size, CORS, threads, shutdown
 * @param auth how callers authenticate: API token cache, optional OIDC
 * @param limits what one API query may cost the warehouse
 * @param finance when a month's chargeback is closed
 * @param cache how long spend answers are reused
 * @param kafka where budget definitions are followed and written
 * @param efficiency the targets and thresholds of the efficiency figures and smells
 * @param ops where metrics and health are served for operators (off by default)
 */
public record ApiSettings(
    ClickHouseEndpoint clickhouse,
    ZoneId zone,
    HttpSettings http,
    AuthSettings auth,
    LimitSettings limits,
    FinanceSettings finance,
    CacheSettings cache,
    KafkaSettings kafka,
    EfficiencySettings efficiency,
    OpsSettings ops) {

  /** The HTTP port (0 = any free port). */
  public int listenPort() {
    return http.port();
  }

  /** The HTTP bind address. */
  public String listenHost() {
    return http.host();
  }
}
