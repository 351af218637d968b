-- Cost per model in a month, with each model's share of the month's cost (percent).
-- param: org String = acme
-- param: month Date = 2026-11-01
SELECT
    model,
    requests,
    input_tokens,
    output_tokens,
    cost_usd,
    round(100 * toFloat64(cost_usd) / (
        SELECT toFloat64(sum(cost_usd)) FROM usage_daily
        WHERE org_id = ${org} AND dimension = 'org' AND toStartOfMonth(day) = ${month}), 2) AS share_percent
FROM monthly_cost_by_model
WHERE org_id = ${org} AND month = ${month}
ORDER BY cost_usd DESC, model;
