-- Monthly chargeback per project (normalised git remote, or a hashed repository root).
-- param: org String = acme
-- param: month Date = 2026-11-01
SELECT
    project_id,
    requests,
    input_tokens,
    output_tokens,
    cost_usd
FROM monthly_chargeback_by_project
WHERE org_id = ${org} AND month = ${month}
ORDER BY cost_usd DESC, project_id;
