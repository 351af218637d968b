-- API tokens of the query API, stored hashed: the secret itself is never stored, only the hex SHA-256
-- of it. One row per token id after FINAL; revoking inserts a new row version with revoked_time set.
-- expires_time and revoked_time use the epoch (0) for "never" / "not revoked".
CREATE TABLE IF NOT EXISTS api_tokens
(
    token_id String,
    org_id String,
    secret_sha256 String,
    user_id String,
    user_email String,
    teams Array(String),
    role String,
    label String,
    created_time DateTime('UTC'),
    created_by String,
    expires_time DateTime('UTC'),
    revoked_time DateTime('UTC'),
    version UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY token_id;
