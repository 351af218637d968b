-- Sessions that cost more than a threshold in a period, most expensive first (sorted by a Float64
-- copy of the cost: ClickHouse 18.16 sorts many Decimal(38, 9) values very slowly).
-- param: org String = acme
-- param: from DateTime = 2026-11-01 00:00:00
-- param: to DateTime = 2026-12-01 00:00:00
-- param: min_cost Decimal = 1.00
SELECT
    session_id,
    any(user_id) AS user_name,
    any(project_id) AS project,
    count() AS requests,
    min(event_time) AS started,
    max(event_time) AS ended,
    sum(cost_total) AS cost_usd
FROM usage_events FINAL
WHERE org_id = ${org} AND event_time >= ${from} AND event_time < ${to}
GROUP BY session_id
HAVING cost_usd > ${min_cost}
ORDER BY toFloat64(cost_usd) DESC, session_id;
