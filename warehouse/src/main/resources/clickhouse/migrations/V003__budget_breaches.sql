-- Budget threshold crossings from budget.breaches.v1; one row per breach id after FINAL.
CREATE TABLE IF NOT EXISTS budget_breaches
(
    breach_id String,
    budget_id String,
    org_id String,
    scope String,
    scope_value String,
    period String,
    period_start DateTime('UTC'),
    period_end DateTime('UTC'),
    threshold_percent UInt16,
    spend_usd Decimal(38, 9),
    limit_usd Decimal(18, 9),
    percent_of_limit Decimal(18, 4),
    burn_rate_usd_per_hour Decimal(38, 9),
    projected_exhaustion_time Nullable(DateTime('UTC')),
    triggering_event_id String,
    event_time DateTime('UTC'),
    detected_time DateTime('UTC'),
    notify Array(String),
    version UInt64,
    kafka_topic String,
    kafka_partition UInt32,
    kafka_offset UInt64,
    inserted_time DateTime('UTC') DEFAULT now()
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(period_start)
ORDER BY (org_id, budget_id, period_start, threshold_percent, breach_id);
