-- What share of spend is not provider-final (ADR 0405): the daily rollups gain the requests and the cost
-- of the events whose accuracy is not EXACT (an estimate, a lower bound, or any label appended later),
-- on every row of every dimension, and a ninth dimension 'accuracy' (one row per organisation, day and
-- label), so "how much is not final" and "per label" cost a rollup read like the totals.
-- 18.16 cannot change a view's query: both views feeding usage_daily (usage_daily_mv and the revision
-- view) are dropped and created again with the new query in the same run (a TO-view holds no data;
-- usage_daily keeps every row). Re-running the whole file is safe.
-- Rows written before this migration read 0 in the new columns and have no 'accuracy' rows: rebuild
-- those months with `sink rollups rebuild --month YYYY-MM` (docs/warehouse.md, "Upgrading to V010"),
-- which also repairs the events a running sink inserted between the drop and the create.
ALTER TABLE usage_daily
    ADD COLUMN not_final_requests UInt64 AFTER cache_savings_usd,
    ADD COLUMN not_final_cost_usd Decimal(38, 9) AFTER not_final_requests;

DROP TABLE IF EXISTS usage_daily_mv;

CREATE MATERIALIZED VIEW IF NOT EXISTS usage_daily_mv TO usage_daily AS
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
FROM usage_events
ARRAY JOIN [('org', org_id), ('user', user_id), ('team', team), ('cost_centre', cost_centre),
            ('project', project_id), ('model', normalized_model), ('provider', provider), ('source', source),
            ('accuracy', accuracy)] AS dim
GROUP BY org_id, dimension, value, day;

-- The revision view (V008) takes a revised request's replaced version back out: it must take it out of
-- the new columns and dimension too, under the REPLACED version's label (replaced_accuracy), which is
-- typically LOWER_BOUND while the revision's own row (added by usage_daily_mv) is EXACT. Every other
-- dimension's value is the event's attribution, which a revision keeps from the version it replaces.
-- Minus one not-final request and minus the replaced cost when the replaced version was not EXACT;
-- negative UInt64 amounts as two's complement, as in V008 (read usage_daily only with sum()).
DROP TABLE IF EXISTS usage_daily_revisions_mv;

CREATE MATERIALIZED VIEW IF NOT EXISTS usage_daily_revisions_mv TO usage_daily AS
SELECT
    org_id,
    dim.1 AS dimension,
    dim.2 AS value,
    event_day AS day,
    toUInt64(-toInt64(count())) AS requests,
    toUInt64(-sum(toInt64(replaced_input_tokens))) AS input_tokens,
    toUInt64(-sum(toInt64(replaced_output_tokens))) AS output_tokens,
    toUInt64(-sum(toInt64(replaced_cache_write_5m_tokens))) AS cache_write_5m_tokens,
    toUInt64(-sum(toInt64(replaced_cache_write_1h_tokens))) AS cache_write_1h_tokens,
    toUInt64(-sum(toInt64(replaced_cache_read_tokens))) AS cache_read_tokens,
    toUInt64(-sum(toInt64(replaced_reasoning_tokens))) AS reasoning_tokens,
    -sum(replaced_input_cost) AS input_cost_usd,
    -sum(replaced_output_cost) AS output_cost_usd,
    -sum(replaced_cache_write_5m_cost) AS cache_write_5m_cost_usd,
    -sum(replaced_cache_write_1h_cost) AS cache_write_1h_cost_usd,
    -sum(replaced_cache_read_cost) AS cache_read_cost_usd,
    -sum(replaced_cost_total) AS cost_usd,
    -sum(replaced_cache_savings) AS cache_savings_usd,
    toUInt64(-toInt64(countIf(replaced_accuracy != 'EXACT'))) AS not_final_requests,
    -sumIf(replaced_cost_total, replaced_accuracy != 'EXACT') AS not_final_cost_usd
FROM usage_events
ARRAY JOIN [('org', org_id), ('user', user_id), ('team', team), ('cost_centre', cost_centre),
            ('project', project_id), ('model', normalized_model), ('provider', provider), ('source', source),
            ('accuracy', replaced_accuracy)] AS dim
WHERE revision > 0
GROUP BY org_id, dimension, value, day;
