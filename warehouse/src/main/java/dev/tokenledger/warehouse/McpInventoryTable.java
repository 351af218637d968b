package dev.tokenledger.warehouse;

import dev.tokenledger.warehouse.clickhouse.Column;
import java.util.List;

/**
 * {@code mcp_inventory} (migration V007): the MCP servers configured in the assistants' settings of a
 * user on a host, by name only, as the agent last reported them ({@code observed_time}). The query API
 * finds "zombie" servers — configured but not called — from it (ADR 0620).
 */
public final class McpInventoryTable {

  public static final String NAME = "mcp_inventory";

  public static final Column ORG_ID = Column.of("org_id", "String");
  public static final Column USER_ID = Column.of("user_id", "String");
  public static final Column HOST = Column.of("host", "String");
  public static final Column TEAM = Column.of("team", "String");
  public static final Column SOURCE = Column.of("source", "String");
  public static final Column SERVER = Column.of("server", "String");
  public static final Column OBSERVED_TIME = Column.of("observed_time", "DateTime('UTC')");
  public static final Column VERSION = Column.of("version", "UInt64");
  public static final Column KAFKA_TOPIC = Column.of("kafka_topic", "String");
  public static final Column KAFKA_PARTITION = Column.of("kafka_partition", "UInt32");
  public static final Column KAFKA_OFFSET = Column.of("kafka_offset", "UInt64");

  /** Every column, in insert order. */
  public static final Table TABLE = new Table(NAME, List.of(
      ORG_ID, USER_ID, HOST, TEAM, SOURCE, SERVER, OBSERVED_TIME, VERSION, KAFKA_TOPIC, KAFKA_PARTITION, KAFKA_OFFSET));

  private McpInventoryTable() {}
}
