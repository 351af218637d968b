-- Top spenders: the users with the highest cost in a month.
-- param: org String = acme
-- param: month Date = 2026-11-01
-- param: top UInt = 10
SELECT
    user_id,
    requests,
    cost_usd
FROM monthly_cost_by_user
WHERE org_id = ${org} AND month = ${month}
ORDER BY cost_usd DESC, user_id
LIMIT ${top};
