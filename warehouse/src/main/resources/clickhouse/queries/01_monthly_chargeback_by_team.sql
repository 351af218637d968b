-- Monthly chargeback per team: requests, tokens, cost and cache savings of one calendar month.
-- param: org String = acme
-- param: month Date = 2026-11-01
SELECT
    if(team = '', '(no team)', team) AS team_name,
    requests,
    input_tokens,
    output_tokens,
    cache_write_tokens,
    cache_read_tokens,
    cost_usd,
    cache_savings_usd
FROM monthly_chargeback_by_team
WHERE org_id = ${org} AND month = ${month}
ORDER BY cost_usd DESC, team_name;
