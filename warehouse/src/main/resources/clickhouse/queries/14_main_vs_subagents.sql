-- Main conversation versus sub-agents: cost per agent role and agent in a period.
-- param: org String = acme
-- param: from DateTime = 2026-11-01 00:00:00
-- param: to DateTime = 2026-12-01 00:00:00
SELECT
    if(is_sidechain = 1, 'subagent', 'main') AS chain,
    if(agent_role = '', '(none)', agent_role) AS role,
    if(agent_name = '', '(none)', agent_name) AS agent,
    count() AS requests,
    sum(cost_total) AS cost_usd
FROM usage_events FINAL
WHERE org_id = ${org} AND event_time >= ${from} AND event_time < ${to}
GROUP BY chain, role, agent
ORDER BY cost_usd DESC, chain, role, agent;
