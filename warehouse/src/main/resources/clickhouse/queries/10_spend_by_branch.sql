-- Spend by git branch of one project in a period.
-- param: org String = acme
-- param: project String = github.com/acme/widgets
-- param: from DateTime = 2026-11-01 00:00:00
-- param: to DateTime = 2026-12-01 00:00:00
SELECT
    if(branch = '', '(unknown)', branch) AS branch_name,
    count() AS requests,
    uniqExact(session_id) AS sessions,
    sum(cost_total) AS cost_usd
FROM usage_events FINAL
WHERE org_id = ${org} AND project_id = ${project} AND event_time >= ${from} AND event_time < ${to}
GROUP BY branch_name
ORDER BY cost_usd DESC, branch_name;
