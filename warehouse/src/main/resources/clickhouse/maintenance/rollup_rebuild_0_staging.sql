-- Staging table of `sink rollups rebuild`: same structure, engine and partition key as usage_daily, so a
-- rebuilt month can replace the live one in one step (ALTER TABLE usage_daily REPLACE PARTITION …
-- FROM usage_daily_rebuild). Created empty before each rebuild and dropped after it.
CREATE TABLE IF NOT EXISTS usage_daily_rebuild AS usage_daily;
