-- The (org, dimension, value, day) rows where the daily rollups disagree with the deduplicated events.
-- usage_daily is fed by a materialized view that adds what is inserted: it can only drift from
-- usage_events FINAL if an event id was inserted at two Kafka offsets, or if the server died between
-- writing a base part and its view part (docs/warehouse.md). Empty result = the rollups are exact.
-- param: from Date = 2026-11-01
-- param: to Date = 2026-12-01
SELECT
    org_id,
    dimension,
    value,
    day,
    sum(r) AS rollup_requests,
    sum(e) AS event_requests,
    sum(rc) AS rollup_cost_usd,
    sum(ec) AS event_cost_usd
FROM
(
    SELECT org_id, dimension, value, day, requests AS r, toUInt64(0) AS e, cost_usd AS rc, toDecimal128(0, 9) AS ec
    FROM usage_daily
    WHERE day >= ${from} AND day < ${to}
    UNION ALL
    SELECT org_id, dim.1 AS dimension, dim.2 AS value, event_day AS day, toUInt64(0) AS r, toUInt64(1) AS e,
        toDecimal128(0, 9) AS rc, toDecimal128(cost_total, 9) AS ec
    FROM usage_events FINAL
    ARRAY JOIN [('org', org_id), ('user', user_id), ('team', team), ('cost_centre', cost_centre),
                ('project', project_id), ('model', normalized_model), ('provider', provider), ('source', source)] AS dim
    WHERE event_day >= ${from} AND event_day < ${to}
)
GROUP BY org_id, dimension, value, day
HAVING rollup_requests != event_requests OR rollup_cost_usd != event_cost_usd
ORDER BY day, org_id, dimension, value;
