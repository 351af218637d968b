package dev.tokenledger.warehouse;

import dev.tokenledger.warehouse.clickhouse.Column;
import java.util.List;

/**
 * {@code api_tokens} (migration V005): the query API's tokens, one row per token id read with
 * {@code FINAL} (a ReplacingMergeTree by {@code version}); only the SHA-256 of a secret is stored.
 * {@code expires_time} and {@code revoked_time} are the epoch (0) for "never" and "not revoked";
 * revoking writes a new version of the row.
 */
public final class ApiTokensTable {

  public static final String NAME = "api_tokens";

  public static final Column TOKEN_ID = Column.of("token_id", "String");
  public static final Column ORG_ID = Column.of("org_id", "String");
  public static final Column SECRET_SHA256 = Column.of("secret_sha256", "String");
  public static final Column USER_ID = Column.of("user_id", "String");
  public static final Column USER_EMAIL = Column.of("user_email", "String");
  public static final Column TEAMS = Column.of("teams", "Array(String)");
  public static final Column ROLE = Column.of("role", "String");
  public static final Column LABEL = Column.of("label", "String");
  public static final Column CREATED_TIME = Column.of("created_time", "DateTime('UTC')");
  public static final Column CREATED_BY = Column.of("created_by", "String");
  public static final Column EXPIRES_TIME = Column.of("expires_time", "DateTime('UTC')");
  public static final Column REVOKED_TIME = Column.of("revoked_time", "DateTime('UTC')");
  public static final Column VERSION = Column.of("version", "UInt64");

  /** Every column, in insert order. */
  public static final Table TABLE = new Table(NAME, List.of(
      TOKEN_ID, ORG_ID, SECRET_SHA256, USER_ID, USER_EMAIL, TEAMS, ROLE, LABEL, CREATED_TIME, CREATED_BY,
      EXPIRES_TIME, REVOKED_TIME, VERSION));

  private ApiTokensTable() {}
}
