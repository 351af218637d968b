-- Budget forecasts (ADR 0203 amendment): a breach row is a crossing (CROSSED, every row written before)
-- or a forecast (FORECAST: the threshold is projected to be reached before the period ends), with the
-- spend projected at the period end. ClickHouse 18.16 has no ADD COLUMN IF NOT EXISTS: a re-run after
-- another sink added the columns fails with "already exists", which the migration runner accepts.
-- On 18.16 the view budget_breaches_final keeps the columns it was created with: read kind and
-- projected_spend_usd from budget_breaches FINAL.
ALTER TABLE budget_breaches
    ADD COLUMN kind String DEFAULT 'CROSSED' AFTER notify,
    ADD COLUMN projected_spend_usd Nullable(Decimal(38, 9)) AFTER kind;
