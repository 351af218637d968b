-- Cache hit ratio per team in a month: cache reads over all prompt tokens, and what the cache saved.
-- param: org String = acme
-- param: month Date = 2026-11-01
SELECT
    if(team = '', '(no team)', team) AS team_name,
    cache_read_tokens,
    input_tokens + cache_write_tokens + cache_read_tokens AS prompt_tokens,
    if(prompt_tokens = 0, 0, round(cache_read_tokens / prompt_tokens, 4)) AS cache_hit_ratio,
    cache_savings_usd,
    cost_usd
FROM monthly_chargeback_by_team
WHERE org_id = ${org} AND month = ${month}
ORDER BY cache_hit_ratio DESC, team_name;
