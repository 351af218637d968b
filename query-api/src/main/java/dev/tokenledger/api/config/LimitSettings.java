package dev.tokenledger.api.config;

import java.time.Duration;

/**
 * What one API query may cost the warehouse (passed to ClickHouse as query settings, plus the range check).
 *
 * @param maxExecutionTime ClickHouse {@code max_execution_time} of one query
 * @param maxRowsToRead ClickHouse {@code max_rows_to_read} of one query
 * @param maxMemoryUsageBytes ClickHouse {@code max_memory_usage} of one query
 * @param maxRangeDays the longest date range one request may ask for
 */
public record LimitSettings(Duration maxExecutionTime, long maxRowsToRead, long maxMemoryUsageBytes, int maxRangeDays) {}
