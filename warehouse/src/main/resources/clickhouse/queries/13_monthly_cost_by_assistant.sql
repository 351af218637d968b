-- Cost per assistant (Claude Code, Codex CLI, Gemini CLI, ...) and per provider in a month.
-- param: org String = acme
-- param: month Date = 2026-11-01
SELECT
    dimension,
    value,
    requests,
    cost_usd
FROM monthly_cost_by
WHERE org_id = ${org} AND month = ${month} AND dimension IN ('source', 'provider')
ORDER BY dimension, cost_usd DESC, value;
