-- The providers' own reports (Anthropic's Usage and Cost API and Claude Code Analytics, OpenAI's
-- organization Usage and Costs APIs), imported by `tokenledger reconcile import` to be compared with the
-- ledger (docs/reconciliation.md, ADR 0800). One row per provider figure after FINAL: the report
-- (usage | cost | claude_code), its UTC day, the provider's model id and, where the report has one, the
-- subject (a user's e-mail address or an API key name; '' otherwise). Money in USD.
-- A re-import of a day replaces it: rows of one key collapse to the highest import_version, and readers
-- take only the rows of the latest import of each day (provider_report_imports), so a key that a newer
-- import no longer has does not linger.
CREATE TABLE IF NOT EXISTS provider_report_rows
(
    org_id String,
    provider String,
    report String,
    day Date,
    model String,
    subject String,
    input_tokens UInt64,
    output_tokens UInt64,
    cache_write_tokens UInt64,
    cache_read_tokens UInt64,
    cost_usd Decimal(18, 9),
    import_version UInt64,
    imported_time DateTime('UTC')
)
ENGINE = ReplacingMergeTree(import_version)
PARTITION BY toYYYYMM(day)
ORDER BY (org_id, provider, report, day, model, subject);

-- One row per imported day and report (also for a day the provider reported nothing), so that the
-- latest import of a day is known even when it has no rows. After FINAL: the latest import per day.
CREATE TABLE IF NOT EXISTS provider_report_imports
(
    org_id String,
    provider String,
    report String,
    day Date,
    import_version UInt64,
    row_count UInt32,
    origin String,
    imported_time DateTime('UTC')
)
ENGINE = ReplacingMergeTree(import_version)
PARTITION BY toYYYYMM(day)
ORDER BY (org_id, provider, report, day);
