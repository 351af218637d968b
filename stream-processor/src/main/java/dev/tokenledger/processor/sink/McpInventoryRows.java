package dev.tokenledger.processor.sink;

import static dev.tokenledger.warehouse.McpInventoryTable.KAFKA_OFFSET;
import static dev.tokenledger.warehouse.McpInventoryTable.KAFKA_PARTITION;
import static dev.tokenledger.warehouse.McpInventoryTable.OBSERVED_TIME;
import static dev.tokenledger.warehouse.McpInventoryTable.VERSION;

import dev.tokenledger.events.McpInventoryEntry;
import dev.tokenledger.warehouse.McpInventoryTable;
import dev.tokenledger.warehouse.Table;
import dev.tokenledger.warehouse.clickhouse.RowBinaryWriter;
import dev.tokenledger.warehouse.clickhouse.UnwritableRecordException;

/** Writes a {@link McpInventoryEntry} as an {@code mcp_inventory} row (RowBinary, ADR 0305 / 0620); the version is the report time. */
public final class McpInventoryRows {

  /** The table written (the catalogue's): {@link #write} writes its columns in their order. */
  public static final Table TABLE = McpInventoryTable.TABLE;
  public static final String INSERT = TABLE.insertRowBinary();

  /**
   * Appends the row of {@code e} to {@code out} in the order of the columns of {@link #TABLE}. A value its column cannot
   * hold throws with the entry and column named, and {@code out} is left as it was.
   */
  public void write(McpInventoryEntry e, String topic, int partition, long offset, RowBinaryWriter out)
      throws UnwritableRecordException {
    if (e.getOrgId().isEmpty() || e.getUserId().isEmpty() || e.getServer().isEmpty()) {
      throw new UnwritableRecordException("MCP inventory entry " + e.getEntryId() + ": organisation, user and server are required");
    }
    int mark = out.size();
    try {
      out.string(e.getOrgId())
          .string(e.getUserId())
          .string(e.getHost())
          .string(e.getTeam() == null ? "" : e.getTeam())
          .string(e.getSource().name())
          .string(e.getServer())
          .dateTime(OBSERVED_TIME, e.getObservedTime())
          .uint64(VERSION, e.getObservedTime().toEpochMilli())
          .string(topic)
          .uint32(KAFKA_PARTITION, partition)
          .uint64(KAFKA_OFFSET, offset);
    } catch (UnwritableRecordException ex) {
      out.truncate(mark);
      throw new UnwritableRecordException("MCP inventory entry " + e.getEntryId() + ": " + ex.getMessage());
    } catch (RuntimeException ex) {
      out.truncate(mark);
      throw ex;
    }
  }
}
