-- Views that make finance's common questions one-liners (see docs/sql-cookbook.md), e.g.
--   SELECT team, cost_usd FROM monthly_chargeback_by_team WHERE month = '2026-11-01' ORDER BY cost_usd DESC
-- Months and days are calendar periods in the organisation's time zone. Costs in USD, Decimal(38, 9).
-- Empty team / cost centre means "not configured on the agent".

-- The priced events, one row per event id.
CREATE VIEW IF NOT EXISTS usage_events_final AS
SELECT * FROM usage_events FINAL;

-- Budget breaches, one row per breach id.
CREATE VIEW IF NOT EXISTS budget_breaches_final AS
SELECT * FROM budget_breaches FINAL;

-- Any dimension per month / per day: dimension in (org, user, team, cost_centre, project, model, provider, source).
CREATE VIEW IF NOT EXISTS monthly_cost_by AS
SELECT
    org_id,
    toStartOfMonth(day) AS month,
    dimension,
    value,
    sum(requests) AS requests,
    sum(input_tokens) AS input_tokens,
    sum(output_tokens) AS output_tokens,
    sum(cache_write_5m_tokens) + sum(cache_write_1h_tokens) AS cache_write_tokens,
    sum(cache_read_tokens) AS cache_read_tokens,
    sum(cost_usd) AS cost_usd,
    sum(cache_savings_usd) AS cache_savings_usd
FROM usage_daily
GROUP BY org_id, month, dimension, value;

CREATE VIEW IF NOT EXISTS daily_cost_by AS
SELECT
    org_id,
    day,
    dimension,
    value,
    sum(requests) AS requests,
    sum(input_tokens) AS input_tokens,
    sum(output_tokens) AS output_tokens,
    sum(cache_write_5m_tokens) + sum(cache_write_1h_tokens) AS cache_write_tokens,
    sum(cache_read_tokens) AS cache_read_tokens,
    sum(cost_usd) AS cost_usd,
    sum(cache_savings_usd) AS cache_savings_usd
FROM usage_daily
GROUP BY org_id, day, dimension, value;

CREATE VIEW IF NOT EXISTS monthly_chargeback_by_team AS
SELECT
    org_id,
    toStartOfMonth(day) AS month,
    value AS team,
    sum(requests) AS requests,
    sum(input_tokens) AS input_tokens,
    sum(output_tokens) AS output_tokens,
    sum(cache_write_5m_tokens) + sum(cache_write_1h_tokens) AS cache_write_tokens,
    sum(cache_read_tokens) AS cache_read_tokens,
    sum(cost_usd) AS cost_usd,
    sum(cache_savings_usd) AS cache_savings_usd
FROM usage_daily
WHERE dimension = 'team'
GROUP BY org_id, month, team;

CREATE VIEW IF NOT EXISTS monthly_chargeback_by_cost_centre AS
SELECT
    org_id,
    toStartOfMonth(day) AS month,
    value AS cost_centre,
    sum(requests) AS requests,
    sum(input_tokens) AS input_tokens,
    sum(output_tokens) AS output_tokens,
    sum(cache_write_5m_tokens) + sum(cache_write_1h_tokens) AS cache_write_tokens,
    sum(cache_read_tokens) AS cache_read_tokens,
    sum(cost_usd) AS cost_usd,
    sum(cache_savings_usd) AS cache_savings_usd
FROM usage_daily
WHERE dimension = 'cost_centre'
GROUP BY org_id, month, cost_centre;

CREATE VIEW IF NOT EXISTS monthly_chargeback_by_project AS
SELECT
    org_id,
    toStartOfMonth(day) AS month,
    value AS project_id,
    sum(requests) AS requests,
    sum(input_tokens) AS input_tokens,
    sum(output_tokens) AS output_tokens,
    sum(cache_write_5m_tokens) + sum(cache_write_1h_tokens) AS cache_write_tokens,
    sum(cache_read_tokens) AS cache_read_tokens,
    sum(cost_usd) AS cost_usd,
    sum(cache_savings_usd) AS cache_savings_usd
FROM usage_daily
WHERE dimension = 'project'
GROUP BY org_id, month, project_id;

CREATE VIEW IF NOT EXISTS monthly_cost_by_model AS
SELECT
    org_id,
    toStartOfMonth(day) AS month,
    value AS model,
    sum(requests) AS requests,
    sum(input_tokens) AS input_tokens,
    sum(output_tokens) AS output_tokens,
    sum(cache_write_5m_tokens) + sum(cache_write_1h_tokens) AS cache_write_tokens,
    sum(cache_read_tokens) AS cache_read_tokens,
    sum(cost_usd) AS cost_usd,
    sum(cache_savings_usd) AS cache_savings_usd
FROM usage_daily
WHERE dimension = 'model'
GROUP BY org_id, month, model;

CREATE VIEW IF NOT EXISTS monthly_cost_by_user AS
SELECT
    org_id,
    toStartOfMonth(day) AS month,
    value AS user_id,
    sum(requests) AS requests,
    sum(input_tokens) AS input_tokens,
    sum(output_tokens) AS output_tokens,
    sum(cache_write_5m_tokens) + sum(cache_write_1h_tokens) AS cache_write_tokens,
    sum(cache_read_tokens) AS cache_read_tokens,
    sum(cost_usd) AS cost_usd,
    sum(cache_savings_usd) AS cache_savings_usd
FROM usage_daily
WHERE dimension = 'user'
GROUP BY org_id, month, user_id;

CREATE VIEW IF NOT EXISTS daily_cost_by_team AS
SELECT
    org_id,
    day,
    value AS team,
    sum(requests) AS requests,
    sum(input_tokens) AS input_tokens,
    sum(output_tokens) AS output_tokens,
    sum(cache_write_5m_tokens) + sum(cache_write_1h_tokens) AS cache_write_tokens,
    sum(cache_read_tokens) AS cache_read_tokens,
    sum(cost_usd) AS cost_usd,
    sum(cache_savings_usd) AS cache_savings_usd
FROM usage_daily
WHERE dimension = 'team'
GROUP BY org_id, day, team;

CREATE VIEW IF NOT EXISTS daily_cost_by_project AS
SELECT
    org_id,
    day,
    value AS project_id,
    sum(requests) AS requests,
    sum(input_tokens) AS input_tokens,
    sum(output_tokens) AS output_tokens,
    sum(cache_write_5m_tokens) + sum(cache_write_1h_tokens) AS cache_write_tokens,
    sum(cache_read_tokens) AS cache_read_tokens,
    sum(cost_usd) AS cost_usd,
    sum(cache_savings_usd) AS cache_savings_usd
FROM usage_daily
WHERE dimension = 'project'
GROUP BY org_id, day, project_id;

CREATE VIEW IF NOT EXISTS daily_cost_by_model AS
SELECT
    org_id,
    day,
    value AS model,
    sum(requests) AS requests,
    sum(input_tokens) AS input_tokens,
    sum(output_tokens) AS output_tokens,
    sum(cache_write_5m_tokens) + sum(cache_write_1h_tokens) AS cache_write_tokens,
    sum(cache_read_tokens) AS cache_read_tokens,
    sum(cost_usd) AS cost_usd,
    sum(cache_savings_usd) AS cache_savings_usd
FROM usage_daily
WHERE dimension = 'model'
GROUP BY org_id, day, model;

CREATE VIEW IF NOT EXISTS daily_cost_by_user AS
SELECT
    org_id,
    day,
    value AS user_id,
    sum(requests) AS requests,
    sum(input_tokens) AS input_tokens,
    sum(output_tokens) AS output_tokens,
    sum(cache_write_5m_tokens) + sum(cache_write_1h_tokens) AS cache_write_tokens,
    sum(cache_read_tokens) AS cache_read_tokens,
    sum(cost_usd) AS cost_usd,
    sum(cache_savings_usd) AS cache_savings_usd
FROM usage_daily
WHERE dimension = 'user'
GROUP BY org_id, day, user_id;

-- Cost per day of the whole organisation.
CREATE VIEW IF NOT EXISTS daily_cost AS
SELECT
    org_id,
    day,
    sum(requests) AS requests,
    sum(input_tokens) AS input_tokens,
    sum(output_tokens) AS output_tokens,
    sum(cache_write_5m_tokens) + sum(cache_write_1h_tokens) AS cache_write_tokens,
    sum(cache_read_tokens) AS cache_read_tokens,
    sum(cost_usd) AS cost_usd,
    sum(cache_savings_usd) AS cache_savings_usd
FROM usage_daily
WHERE dimension = 'org'
GROUP BY org_id, day;

-- The current calendar month (server clock) for any dimension:
--   SELECT value AS team, cost_usd FROM cost_this_month WHERE dimension = 'team' ORDER BY cost_usd DESC
CREATE VIEW IF NOT EXISTS cost_this_month AS
SELECT
    org_id,
    dimension,
    value,
    sum(requests) AS requests,
    sum(input_tokens) AS input_tokens,
    sum(output_tokens) AS output_tokens,
    sum(cache_write_5m_tokens) + sum(cache_write_1h_tokens) AS cache_write_tokens,
    sum(cache_read_tokens) AS cache_read_tokens,
    sum(cost_usd) AS cost_usd,
    sum(cache_savings_usd) AS cache_savings_usd
FROM usage_daily
WHERE toStartOfMonth(day) = toStartOfMonth(today())
GROUP BY org_id, dimension, value;
