package dev.tokenledger.api.config;

import dev.tokenledger.warehouse.clickhouse.ClickHouseEndpoint;
import java.time.ZoneId;

/**
 * The query API's settings, parsed once.
 *
 * @param clickhouse where the warehouse is: URL, database, credentials, and how long one query may take
 * @param zone the organisation time zone days and months are computed in
 * @param listenPort the HTTP port (bound to 127.0.0.1 unless {@code listenHost} says otherwise)
 * @param listenHost the HTTP bind address
 */
public record ApiSettings(
    ClickHouseEndpoint clickhouse,
    ZoneId zone,
    int listenPort,
    String listenHost) {}
