package dev.tokenledger.api.config;

import dev.tokenledger.api.clickhouse.ClickHouseAddress;
import java.time.Duration;
import java.time.ZoneId;

/**
 * The query API's settings, parsed once.
 *
 * @param clickhouse how to reach ClickHouse
 * @param database the warehouse database
 * @param zone the organisation time zone days and months are computed in
 * @param listenPort the HTTP port (bound to 127.0.0.1 unless {@code listenHost} says otherwise)
 * @param listenHost the HTTP bind address
 * @param queryTimeout how long one warehouse query may take
 */
public record ApiSettings(
    ClickHouseAddress clickhouse,
    String database,
    ZoneId zone,
    int listenPort,
    String listenHost,
    Duration queryTimeout) {}
