-- One user's month: cost per model and token class.
-- param: org String = acme
-- param: user String = alice@laptop
-- param: from DateTime = 2026-11-01 00:00:00
-- param: to DateTime = 2026-12-01 00:00:00
SELECT
    normalized_model AS model_name,
    count() AS requests,
    sum(input_tokens) AS input,
    sum(output_tokens) AS output,
    sum(cache_read_tokens) AS cache_read,
    sum(input_cost) AS input_usd,
    sum(output_cost) AS output_usd,
    sum(cache_write_5m_cost + cache_write_1h_cost) AS cache_write_usd,
    sum(cache_read_cost) AS cache_read_usd,
    sum(cost_total) AS cost_usd
FROM usage_events FINAL
WHERE org_id = ${org} AND user_id = ${user} AND event_time >= ${from} AND event_time < ${to}
GROUP BY model_name
ORDER BY cost_usd DESC, model_name;
