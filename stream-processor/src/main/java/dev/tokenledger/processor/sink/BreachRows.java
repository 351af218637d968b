package dev.tokenledger.processor.sink;

import dev.tokenledger.events.BudgetBreach;
import dev.tokenledger.warehouse.BudgetBreachesTable;
import dev.tokenledger.warehouse.Table;
import dev.tokenledger.warehouse.clickhouse.DecimalType;
import dev.tokenledger.warehouse.clickhouse.RowBinaryWriter;
import dev.tokenledger.warehouse.clickhouse.UnwritableRecordException;
import java.util.List;

/** Writes a {@link BudgetBreach} as a {@code budget_breaches} row (RowBinary, ADR 0305). */
public final class BreachRows {

  /** The table written (the catalogue's): {@link #write} writes its columns in their order. */
  public static final Table TABLE = BudgetBreachesTable.TABLE;
  public static final String INSERT = TABLE.insertRowBinary();

  /**
   * Appends the row of {@code b} to {@code out} in RowBinary, in the order of the columns of {@link #TABLE}. A value its
   * column cannot hold throws with the breach and column named, and {@code out} is left as it was.
   */
  public void write(BudgetBreach b, String topic, int partition, long offset, RowBinaryWriter out)
      throws UnwritableRecordException {
    if (b.getBreachId() == null || b.getBreachId().isEmpty()) {
      throw new UnwritableRecordException("breach id is empty");
    }
    if (b.getDetectedTime() == null) {
      throw new UnwritableRecordException("breach " + b.getBreachId() + ": detected_time is missing");
    }
    int mark = out.size();
    try {
      out.string(b.getBreachId())
          .string(b.getBudgetId())
          .string(b.getOrgId())
          .string(b.getScope() == null ? null : b.getScope().name())
          .string(b.getScopeValue())
          .string(b.getPeriod() == null ? null : b.getPeriod().name())
          .dateTime("period_start", b.getPeriodStart())
          .dateTime("period_end", b.getPeriodEnd())
          .uint16("threshold_percent", b.getThresholdPercent())
          .decimal128("spend_usd", b.getSpendUsd(), DecimalType.D38_9)
          .decimal64("limit_usd", b.getLimitUsd(), DecimalType.D18_9)
          .decimal64("percent_of_limit", b.getPercentOfLimit(), DecimalType.D18_4)
          .decimal128("burn_rate_usd_per_hour", b.getBurnRateUsdPerHour(), DecimalType.D38_9)
          .nullableDateTime("projected_exhaustion_time", b.getProjectedExhaustionTime())
          .string(b.getTriggeringEventId())
          .dateTime("event_time", b.getEventTime())
          .dateTime("detected_time", b.getDetectedTime())
          .strings(b.getNotify() == null ? List.of() : b.getNotify())
          .uint64("version", b.getDetectedTime().toEpochMilli())
          .string(topic)
          .uint32("kafka_partition", partition)
          .uint64("kafka_offset", offset);
    } catch (UnwritableRecordException ex) {
      out.truncate(mark);
      throw new UnwritableRecordException("breach " + b.getBreachId() + ": " + ex.getMessage());
    } catch (RuntimeException ex) {
      out.truncate(mark);
      throw ex;
    }
  }
}
