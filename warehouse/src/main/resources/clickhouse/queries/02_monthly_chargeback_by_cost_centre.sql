-- Monthly chargeback per cost centre.
-- param: org String = acme
-- param: month Date = 2026-11-01
SELECT
    if(cost_centre = '', '(no cost centre)', cost_centre) AS cost_centre_name,
    requests,
    cost_usd,
    cache_savings_usd
FROM monthly_chargeback_by_cost_centre
WHERE org_id = ${org} AND month = ${month}
ORDER BY cost_usd DESC, cost_centre_name;
