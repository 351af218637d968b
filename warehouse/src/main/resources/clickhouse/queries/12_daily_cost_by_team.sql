-- Cost per day and team.
-- param: org String = acme
-- param: from Date = 2026-11-01
-- param: to Date = 2026-12-01
SELECT
    day,
    if(team = '', '(no team)', team) AS team_name,
    requests,
    cost_usd
FROM daily_cost_by_team
WHERE org_id = ${org} AND day >= ${from} AND day < ${to}
ORDER BY day, cost_usd DESC, team_name;
