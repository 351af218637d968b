-- Budget breaches of periods starting in a range: which budget crossed (kind CROSSED) or is projected to cross (FORECAST) which threshold, when.
-- param: org String = acme
-- param: from DateTime = 2026-11-01 00:00:00
-- param: to DateTime = 2026-12-01 00:00:00
SELECT
    budget_id,
    scope,
    scope_value,
    period,
    period_start,
    kind,
    threshold_percent,
    spend_usd,
    limit_usd,
    projected_spend_usd,
    projected_exhaustion_time,
    detected_time
FROM budget_breaches FINAL
WHERE org_id = ${org} AND period_start >= ${from} AND period_start < ${to}
ORDER BY period_start, budget_id, threshold_percent, kind;
