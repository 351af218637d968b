-- Cost per project per ISO week (weeks start on Monday) between two days (from inclusive, to exclusive).
-- param: org String = acme
-- param: from Date = 2026-11-01
-- param: to Date = 2026-12-01
SELECT
    toMonday(day) AS week,
    value AS project_id,
    sum(requests) AS requests,
    sum(cost_usd) AS cost_usd
FROM usage_daily
WHERE org_id = ${org} AND dimension = 'project' AND day >= ${from} AND day < ${to}
GROUP BY week, project_id
ORDER BY week, cost_usd DESC, project_id;
