-- Model mix per team: requests and cost of each model used by each team in a period.
-- param: org String = acme
-- param: from DateTime = 2026-11-01 00:00:00
-- param: to DateTime = 2026-12-01 00:00:00
SELECT
    if(team = '', '(no team)', team) AS team_name,
    normalized_model AS model_name,
    count() AS requests,
    sum(cost_total) AS cost_usd
FROM usage_events FINAL
WHERE org_id = ${org} AND event_time >= ${from} AND event_time < ${to}
GROUP BY team_name, model_name
ORDER BY team_name, cost_usd DESC, model_name;
