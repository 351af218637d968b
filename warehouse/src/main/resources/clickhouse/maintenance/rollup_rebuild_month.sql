-- One month of daily rollups computed from the deduplicated events, exactly as usage_daily_mv (V002)
-- computes them (V010), into the staging table (rollup_rebuild_0_staging.sql); `sink rollups rebuild --month
-- YYYY-MM` then swaps the month into usage_daily with REPLACE PARTITION. from / to: the first day of the
-- month and of the next one. The column list and aggregates must stay equal to the view's (RollupAuditIT
-- compares a rebuilt month with the view's own rows, all 18 measures).
-- param: from Date = 2026-11-01
-- param: to Date = 2026-12-01
INSERT INTO usage_daily_rebuild (org_id, dimension, value, day, requests, input_tokens, output_tokens,
    cache_write_5m_tokens, cache_write_1h_tokens, cache_read_tokens, reasoning_tokens, input_cost_usd,
    output_cost_usd, cache_write_5m_cost_usd, cache_write_1h_cost_usd, cache_read_cost_usd, cost_usd,
    cache_savings_usd, not_final_requests, not_final_cost_usd)
SELECT
    org_id,
    dim.1 AS dimension,
    dim.2 AS value,
    event_day AS day,
    count() AS requests,
    sum(input_tokens) AS input_tokens,
    sum(output_tokens) AS output_tokens,
    sum(cache_write_5m_tokens) AS cache_write_5m_tokens,
    sum(cache_write_1h_tokens) AS cache_write_1h_tokens,
    sum(cache_read_tokens) AS cache_read_tokens,
    sum(reasoning_tokens) AS reasoning_tokens,
    sum(input_cost) AS input_cost_usd,
    sum(output_cost) AS output_cost_usd,
    sum(cache_write_5m_cost) AS cache_write_5m_cost_usd,
    sum(cache_write_1h_cost) AS cache_write_1h_cost_usd,
    sum(cache_read_cost) AS cache_read_cost_usd,
    sum(cost_total) AS cost_usd,
    sum(cache_savings) AS cache_savings_usd,
    countIf(accuracy != 'EXACT') AS not_final_requests,
    sumIf(cost_total, accuracy != 'EXACT') AS not_final_cost_usd
FROM usage_events FINAL
ARRAY JOIN [('org', org_id), ('user', user_id), ('team', team), ('cost_centre', cost_centre),
            ('project', project_id), ('model', normalized_model), ('provider', provider), ('source', source),
            ('accuracy', accuracy)] AS dim
WHERE event_day >= ${from} AND event_day < ${to}
    AND event_time >= toDateTime(${from} - 1) AND event_time < toDateTime(${to} + 1)
GROUP BY org_id, dimension, value, day;
