-- Daily rollups per dimension (org, user, team, cost centre, project, model, provider, source tool),
-- fed by a materialized view on usage_events; monthly rollups are views summing the daily rows of a
-- month (ADR 0301: 18.16 does not cascade views, and a second view on the base table costs a third of
-- the insert throughput, while a month holds at most 31 daily rows per dimension value). SummingMergeTree: always read with sum()
-- and GROUP BY (rows merge in the background). Sums of Decimal(18, 9) are Decimal(38, 9): the columns
-- are exactly that wide, so a view insert can never overflow after the base insert landed.
-- Exactness: the view adds what is inserted, so the sink never inserts a Kafka record twice (the insert
-- ledger in usage_events) and never inserts an event id twice within a batch; see docs/warehouse.md.
CREATE TABLE IF NOT EXISTS usage_daily
(
    org_id String,
    dimension String,
    value String,
    day Date,
    requests UInt64,
    input_tokens UInt64,
    output_tokens UInt64,
    cache_write_5m_tokens UInt64,
    cache_write_1h_tokens UInt64,
    cache_read_tokens UInt64,
    reasoning_tokens UInt64,
    input_cost_usd Decimal(38, 9),
    output_cost_usd Decimal(38, 9),
    cache_write_5m_cost_usd Decimal(38, 9),
    cache_write_1h_cost_usd Decimal(38, 9),
    cache_read_cost_usd Decimal(38, 9),
    cost_usd Decimal(38, 9),
    cache_savings_usd Decimal(38, 9)
)
ENGINE = SummingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (org_id, dimension, day, value);

CREATE MATERIALIZED VIEW IF NOT EXISTS usage_daily_mv TO usage_daily AS
SELECT
    org_id,
    dim.1 AS dimension,
    dim.2 AS value,
    event_day AS day,
    count() AS requests,
    sum(input_tokens) AS input_tokens,
    sum(output_tokens) AS output_tokens,
    sum(cache_write_5m_tokens) AS cache_write_5m_tokens,
    sum(cache_write_1h_tokens) AS cache_write_1h_tokens,
    sum(cache_read_tokens) AS cache_read_tokens,
    sum(reasoning_tokens) AS reasoning_tokens,
    sum(input_cost) AS input_cost_usd,
    sum(output_cost) AS output_cost_usd,
    sum(cache_write_5m_cost) AS cache_write_5m_cost_usd,
    sum(cache_write_1h_cost) AS cache_write_1h_cost_usd,
    sum(cache_read_cost) AS cache_read_cost_usd,
    sum(cost_total) AS cost_usd,
    sum(cache_savings) AS cache_savings_usd
FROM usage_events
ARRAY JOIN [('org', org_id), ('user', user_id), ('team', team), ('cost_centre', cost_centre),
            ('project', project_id), ('model', normalized_model), ('provider', provider), ('source', source)] AS dim
GROUP BY org_id, dimension, value, day;
