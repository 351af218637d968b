-- Commits the collector agent saw being made during an assistant session (ADR 0620): counts only, never
-- a message, a path or content. One row per commit of a project after FINAL: a commit seen by two
-- sessions (or reported twice) keeps the row of the highest version. commit_time is the commit's
-- committer time; observed_time when the agent read it. kafka_* are the sink's insert ledger.
CREATE TABLE IF NOT EXISTS session_commits
(
    org_id String,
    project_id String,
    commit_hash String,
    session_id String,
    user_id String,
    team String,
    branch String,
    source String,
    commit_time DateTime('UTC'),
    lines_added UInt32,
    lines_removed UInt32,
    files_changed UInt32,
    observed_time DateTime('UTC'),
    version UInt64,
    kafka_topic String,
    kafka_partition UInt32,
    kafka_offset UInt64,
    inserted_time DateTime('UTC') DEFAULT now()
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(commit_time)
ORDER BY (org_id, project_id, commit_hash);

-- The MCP servers configured in the assistants' settings of a user on a host (ADR 0620): the server's
-- NAME only, never its command, arguments, environment, URL or headers. The agent reports its inventory
-- periodically; a server is configured "now" when a report within the window names it. Rows of one key
-- collapse within a month (ReplacingMergeTree by version = the report time); readers aggregate with
-- max(observed_time) rather than rely on FINAL.
CREATE TABLE IF NOT EXISTS mcp_inventory
(
    org_id String,
    user_id String,
    host String,
    team String,
    source String,
    server String,
    observed_time DateTime('UTC'),
    version UInt64,
    kafka_topic String,
    kafka_partition UInt32,
    kafka_offset UInt64,
    inserted_time DateTime('UTC') DEFAULT now()
)
ENGINE = ReplacingMergeTree(version)
PARTITION BY toYYYYMM(observed_time)
ORDER BY (org_id, user_id, host, source, server);
