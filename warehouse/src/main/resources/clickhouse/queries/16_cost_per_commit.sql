-- Cost per commit of one project (requests made while that commit was checked out).
-- param: org String = acme
-- param: project String = github.com/acme/widgets
-- param: from DateTime = 2026-11-01 00:00:00
-- param: to DateTime = 2026-12-01 00:00:00
SELECT
    git_commit,
    any(branch) AS on_branch,
    count() AS requests,
    sum(cost_total) AS cost_usd
FROM usage_events FINAL
WHERE org_id = ${org} AND project_id = ${project} AND git_commit != '' AND event_time >= ${from} AND event_time < ${to}
GROUP BY git_commit
ORDER BY toFloat64(cost_usd) DESC, git_commit;
