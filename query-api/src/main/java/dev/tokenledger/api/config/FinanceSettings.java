package dev.tokenledger.api.config;

import java.time.Duration;

/**
 * Finance reporting.
 *
 * @param closeAfter a month's chargeback is closed (final) once the month's end in the organisation time
 *     zone plus this has passed; at least the stream processor's rollup grace plus its event-time skew
 */
public record FinanceSettings(Duration closeAfter) {}
