-- The (org, dimension, value, day) rows where the daily rollups disagree with the deduplicated events,
-- on any of their 18 measures. usage_daily is fed by a materialized view that adds what is inserted: it
-- can only drift from usage_events FINAL if an event id was inserted at two Kafka offsets, or if the
-- server died between writing a base part and its view part (docs/warehouse.md). Empty result = the
-- rollups are exact. While a sink is writing, a base part can be visible before its view part: run it
-- again to confirm a difference. The event_time bounds (one day wider than the org-zone days) only let
-- ClickHouse skip partitions.
-- param: from Date = 2026-11-01
-- param: to Date = 2026-12-01
SELECT
    org_id, dimension, value, day,
    sum(r_requests) AS rollup_requests, sum(e_requests) AS event_requests,
    sum(r_cost) AS rollup_cost_usd, sum(e_cost) AS event_cost_usd,
    sum(r_input) - sum(e_input) AS input_tokens_diff,
    sum(r_output) - sum(e_output) AS output_tokens_diff,
    sum(r_cw5m) - sum(e_cw5m) AS cache_write_5m_tokens_diff,
    sum(r_cw1h) - sum(e_cw1h) AS cache_write_1h_tokens_diff,
    sum(r_cread) - sum(e_cread) AS cache_read_tokens_diff,
    sum(r_reasoning) - sum(e_reasoning) AS reasoning_tokens_diff,
    sum(r_input_cost) - sum(e_input_cost) AS input_cost_diff,
    sum(r_output_cost) - sum(e_output_cost) AS output_cost_diff,
    sum(r_cw5m_cost) - sum(e_cw5m_cost) AS cache_write_5m_cost_diff,
    sum(r_cw1h_cost) - sum(e_cw1h_cost) AS cache_write_1h_cost_diff,
    sum(r_cread_cost) - sum(e_cread_cost) AS cache_read_cost_diff,
    sum(r_savings) - sum(e_savings) AS cache_savings_diff,
    sum(r_nf_requests) - sum(e_nf_requests) AS not_final_requests_diff,
    sum(r_nf_cost) - sum(e_nf_cost) AS not_final_cost_diff
FROM
(
    SELECT org_id, dimension, value, day,
        toInt64(requests) AS r_requests, toInt64(0) AS e_requests,
        cost_usd AS r_cost, toDecimal128(0, 9) AS e_cost,
        toInt64(input_tokens) AS r_input, toInt64(0) AS e_input,
        toInt64(output_tokens) AS r_output, toInt64(0) AS e_output,
        toInt64(cache_write_5m_tokens) AS r_cw5m, toInt64(0) AS e_cw5m,
        toInt64(cache_write_1h_tokens) AS r_cw1h, toInt64(0) AS e_cw1h,
        toInt64(cache_read_tokens) AS r_cread, toInt64(0) AS e_cread,
        toInt64(reasoning_tokens) AS r_reasoning, toInt64(0) AS e_reasoning,
        input_cost_usd AS r_input_cost, toDecimal128(0, 9) AS e_input_cost,
        output_cost_usd AS r_output_cost, toDecimal128(0, 9) AS e_output_cost,
        cache_write_5m_cost_usd AS r_cw5m_cost, toDecimal128(0, 9) AS e_cw5m_cost,
        cache_write_1h_cost_usd AS r_cw1h_cost, toDecimal128(0, 9) AS e_cw1h_cost,
        cache_read_cost_usd AS r_cread_cost, toDecimal128(0, 9) AS e_cread_cost,
        cache_savings_usd AS r_savings, toDecimal128(0, 9) AS e_savings,
        toInt64(not_final_requests) AS r_nf_requests, toInt64(0) AS e_nf_requests,
        not_final_cost_usd AS r_nf_cost, toDecimal128(0, 9) AS e_nf_cost
    FROM usage_daily
    WHERE day >= ${from} AND day < ${to}
    UNION ALL
    SELECT org_id, dim.1 AS dimension, dim.2 AS value, event_day AS day,
        toInt64(0) AS r_requests, toInt64(1) AS e_requests,
        toDecimal128(0, 9) AS r_cost, toDecimal128(cost_total, 9) AS e_cost,
        toInt64(0) AS r_input, toInt64(input_tokens) AS e_input,
        toInt64(0) AS r_output, toInt64(output_tokens) AS e_output,
        toInt64(0) AS r_cw5m, toInt64(cache_write_5m_tokens) AS e_cw5m,
        toInt64(0) AS r_cw1h, toInt64(cache_write_1h_tokens) AS e_cw1h,
        toInt64(0) AS r_cread, toInt64(cache_read_tokens) AS e_cread,
        toInt64(0) AS r_reasoning, toInt64(reasoning_tokens) AS e_reasoning,
        toDecimal128(0, 9) AS r_input_cost, toDecimal128(input_cost, 9) AS e_input_cost,
        toDecimal128(0, 9) AS r_output_cost, toDecimal128(output_cost, 9) AS e_output_cost,
        toDecimal128(0, 9) AS r_cw5m_cost, toDecimal128(cache_write_5m_cost, 9) AS e_cw5m_cost,
        toDecimal128(0, 9) AS r_cw1h_cost, toDecimal128(cache_write_1h_cost, 9) AS e_cw1h_cost,
        toDecimal128(0, 9) AS r_cread_cost, toDecimal128(cache_read_cost, 9) AS e_cread_cost,
        toDecimal128(0, 9) AS r_savings, toDecimal128(cache_savings, 9) AS e_savings,
        toInt64(0) AS r_nf_requests, toInt64(accuracy != 'EXACT') AS e_nf_requests,
        toDecimal128(0, 9) AS r_nf_cost, toDecimal128(if(accuracy != 'EXACT', cost_total, toDecimal64(0, 9)), 9) AS e_nf_cost
    FROM usage_events FINAL
    ARRAY JOIN [('org', org_id), ('user', user_id), ('team', team), ('cost_centre', cost_centre),
                ('project', project_id), ('model', normalized_model), ('provider', provider), ('source', source),
                ('accuracy', accuracy)] AS dim
    WHERE event_day >= ${from} AND event_day < ${to}
        AND event_time >= toDateTime(${from} - 1) AND event_time < toDateTime(${to} + 1)
)
GROUP BY org_id, dimension, value, day
HAVING rollup_requests != event_requests OR rollup_cost_usd != event_cost_usd
    OR input_tokens_diff != 0 OR output_tokens_diff != 0 OR cache_write_5m_tokens_diff != 0
    OR cache_write_1h_tokens_diff != 0 OR cache_read_tokens_diff != 0 OR reasoning_tokens_diff != 0
    OR input_cost_diff != 0 OR output_cost_diff != 0 OR cache_write_5m_cost_diff != 0
    OR cache_write_1h_cost_diff != 0 OR cache_read_cost_diff != 0 OR cache_savings_diff != 0
    OR not_final_requests_diff != 0 OR not_final_cost_diff != 0
ORDER BY day, org_id, dimension, value;
