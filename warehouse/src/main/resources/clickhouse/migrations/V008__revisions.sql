-- Telemetry over log copies (ADR 0145). A better copy of a request that arrives after the first one was
-- priced is a REVISION: the stream processor emits it under the first copy's event id with the first
-- copy's attribution (so it has the same sorting key and a higher version: it replaces the row under
-- FINAL), the better counts and cost, and what the replaced version contributed (replaced_*).
-- counts_origin: LOG_FILE, TELEMETRY, INTAKE or UNKNOWN (where the counts were read). revision: 0 for the
-- first version of an event id, n for its n-th revision.
ALTER TABLE usage_events ADD COLUMN counts_origin String DEFAULT '';
ALTER TABLE usage_events ADD COLUMN revision UInt32 DEFAULT 0;
ALTER TABLE usage_events ADD COLUMN replaced_input_tokens UInt64 DEFAULT 0;
ALTER TABLE usage_events ADD COLUMN replaced_output_tokens UInt64 DEFAULT 0;
ALTER TABLE usage_events ADD COLUMN replaced_cache_write_5m_tokens UInt64 DEFAULT 0;
ALTER TABLE usage_events ADD COLUMN replaced_cache_write_1h_tokens UInt64 DEFAULT 0;
ALTER TABLE usage_events ADD COLUMN replaced_cache_read_tokens UInt64 DEFAULT 0;
ALTER TABLE usage_events ADD COLUMN replaced_reasoning_tokens UInt64 DEFAULT 0;
ALTER TABLE usage_events ADD COLUMN replaced_input_cost Decimal(18, 9) DEFAULT toDecimal64(0, 9);
ALTER TABLE usage_events ADD COLUMN replaced_output_cost Decimal(18, 9) DEFAULT toDecimal64(0, 9);
ALTER TABLE usage_events ADD COLUMN replaced_cache_write_5m_cost Decimal(18, 9) DEFAULT toDecimal64(0, 9);
ALTER TABLE usage_events ADD COLUMN replaced_cache_write_1h_cost Decimal(18, 9) DEFAULT toDecimal64(0, 9);
ALTER TABLE usage_events ADD COLUMN replaced_cache_read_cost Decimal(18, 9) DEFAULT toDecimal64(0, 9);
ALTER TABLE usage_events ADD COLUMN replaced_cost_total Decimal(18, 9) DEFAULT toDecimal64(0, 9);
ALTER TABLE usage_events ADD COLUMN replaced_cache_savings Decimal(18, 9) DEFAULT toDecimal64(0, 9);
-- The replaced version's accuracy label ('' when revision = 0): V010's revision view takes the replaced
-- version out of the not-final columns and the 'accuracy' dimension under this label.
ALTER TABLE usage_events ADD COLUMN replaced_accuracy String DEFAULT '';

-- The daily rollups move by the difference, exactly once. usage_daily_mv (V002) adds every inserted row,
-- a revision too (one request, its counts and cost); this second view, on the same insert (so in the
-- same block, covered by the sink's insert ledger like the first), takes the replaced version back out:
-- minus one request, minus the replaced counts and costs. Costs are Decimal and simply negative. The
-- token and request columns of usage_daily are UInt64 (changing their type would rewrite the table):
-- the negative amounts are written as their two's complement (toUInt64 of a negative Int64), which
-- UInt64 sums in ClickHouse, and the SummingMergeTree's merges, add modulo 2^64 — so every sum(...) of
-- the rows of a key, the only way usage_daily is read, is exact (the true total is never negative).
-- A single unmerged row of this view, read alone without sum(), shows a huge number: never read rows
-- of usage_daily without sum().
CREATE MATERIALIZED VIEW IF NOT EXISTS usage_daily_revisions_mv TO usage_daily AS
SELECT
    org_id,
    dim.1 AS dimension,
    dim.2 AS value,
    event_day AS day,
    toUInt64(-toInt64(count())) AS requests,
    toUInt64(-sum(toInt64(replaced_input_tokens))) AS input_tokens,
    toUInt64(-sum(toInt64(replaced_output_tokens))) AS output_tokens,
    toUInt64(-sum(toInt64(replaced_cache_write_5m_tokens))) AS cache_write_5m_tokens,
    toUInt64(-sum(toInt64(replaced_cache_write_1h_tokens))) AS cache_write_1h_tokens,
    toUInt64(-sum(toInt64(replaced_cache_read_tokens))) AS cache_read_tokens,
    toUInt64(-sum(toInt64(replaced_reasoning_tokens))) AS reasoning_tokens,
    -sum(replaced_input_cost) AS input_cost_usd,
    -sum(replaced_output_cost) AS output_cost_usd,
    -sum(replaced_cache_write_5m_cost) AS cache_write_5m_cost_usd,
    -sum(replaced_cache_write_1h_cost) AS cache_write_1h_cost_usd,
    -sum(replaced_cache_read_cost) AS cache_read_cost_usd,
    -sum(replaced_cost_total) AS cost_usd,
    -sum(replaced_cache_savings) AS cache_savings_usd
FROM usage_events
ARRAY JOIN [('org', org_id), ('user', user_id), ('team', team), ('cost_centre', cost_centre),
            ('project', project_id), ('model', normalized_model), ('provider', provider), ('source', source)] AS dim
WHERE revision > 0
GROUP BY org_id, dimension, value, day;
