-- Cost per day of the whole organisation (days in the organisation's time zone).
-- param: org String = acme
-- param: from Date = 2026-11-01
-- param: to Date = 2026-12-01
SELECT
    day,
    requests,
    cost_usd,
    cache_savings_usd
FROM daily_cost
WHERE org_id = ${org} AND day >= ${from} AND day < ${to}
ORDER BY day;
