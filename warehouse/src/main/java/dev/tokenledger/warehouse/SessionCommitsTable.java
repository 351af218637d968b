package dev.tokenledger.warehouse;

import dev.tokenledger.warehouse.clickhouse.Column;
import java.util.List;

/**
 * {@code session_commits} (migration V007, with {@code mcp_inventory}): the commits the collector agent saw being made during an
 * assistant session, with line counts only; one row per (organisation, project, commit hash) read with
 * {@code FINAL} (a ReplacingMergeTree by {@code version}). The query API's efficiency figures divide the
 * cost of the sessions that saw commits by these counts (ADR 0620).
 */
public final class SessionCommitsTable {

  public static final String NAME = "session_commits";

  public static final Column ORG_ID = Column.of("org_id", "String");
  public static final Column PROJECT_ID = Column.of("project_id", "String");
  public static final Column COMMIT_HASH = Column.of("commit_hash", "String");
  public static final Column SESSION_ID = Column.of("session_id", "String");
  public static final Column USER_ID = Column.of("user_id", "String");
  public static final Column TEAM = Column.of("team", "String");
  public static final Column BRANCH = Column.of("branch", "String");
  public static final Column SOURCE = Column.of("source", "String");
  public static final Column COMMIT_TIME = Column.of("commit_time", "DateTime('UTC')");
  public static final Column LINES_ADDED = Column.of("lines_added", "UInt32");
  public static final Column LINES_REMOVED = Column.of("lines_removed", "UInt32");
  public static final Column FILES_CHANGED = Column.of("files_changed", "UInt32");
  public static final Column OBSERVED_TIME = Column.of("observed_time", "DateTime('UTC')");
  public static final Column VERSION = Column.of("version", "UInt64");
  public static final Column KAFKA_TOPIC = Column.of("kafka_topic", "String");
  public static final Column KAFKA_PARTITION = Column.of("kafka_partition", "UInt32");
  public static final Column KAFKA_OFFSET = Column.of("kafka_offset", "UInt64");

  /** Every column, in insert order. */
  public static final Table TABLE = new Table(NAME, List.of(
      ORG_ID, PROJECT_ID, COMMIT_HASH, SESSION_ID, USER_ID, TEAM, BRANCH, SOURCE, COMMIT_TIME, LINES_ADDED, LINES_REMOVED,
      FILES_CHANGED, OBSERVED_TIME, VERSION, KAFKA_TOPIC, KAFKA_PARTITION, KAFKA_OFFSET));

  private SessionCommitsTable() {}
}
