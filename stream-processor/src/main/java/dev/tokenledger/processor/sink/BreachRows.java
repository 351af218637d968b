package dev.tokenledger.processor.sink;

import static dev.tokenledger.warehouse.BudgetBreachesTable.BURN_RATE_USD_PER_HOUR;
import static dev.tokenledger.warehouse.BudgetBreachesTable.DETECTED_TIME;
import static dev.tokenledger.warehouse.BudgetBreachesTable.EVENT_TIME;
import static dev.tokenledger.warehouse.BudgetBreachesTable.KAFKA_OFFSET;
import static dev.tokenledger.warehouse.BudgetBreachesTable.KAFKA_PARTITION;
import static dev.tokenledger.warehouse.BudgetBreachesTable.LIMIT_USD;
import static dev.tokenledger.warehouse.BudgetBreachesTable.PERCENT_OF_LIMIT;
import static dev.tokenledger.warehouse.BudgetBreachesTable.PERIOD_END;
import static dev.tokenledger.warehouse.BudgetBreachesTable.PERIOD_START;
import static dev.tokenledger.warehouse.BudgetBreachesTable.PROJECTED_EXHAUSTION_TIME;
import static dev.tokenledger.warehouse.BudgetBreachesTable.PROJECTED_SPEND_USD;
import static dev.tokenledger.warehouse.BudgetBreachesTable.SPEND_USD;
import static dev.tokenledger.warehouse.BudgetBreachesTable.THRESHOLD_PERCENT;
import static dev.tokenledger.warehouse.BudgetBreachesTable.VERSION;

import dev.tokenledger.events.BreachKind;
import dev.tokenledger.events.BudgetBreach;
import dev.tokenledger.warehouse.BudgetBreachesTable;
import dev.tokenledger.warehouse.Table;
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
          .dateTime(PERIOD_START, b.getPeriodStart())
          .dateTime(PERIOD_END, b.getPeriodEnd())
          .uint16(THRESHOLD_PERCENT, b.getThresholdPercent())
          .decimal128(SPEND_USD, b.getSpendUsd())
          .decimal64(LIMIT_USD, b.getLimitUsd())
          .decimal64(PERCENT_OF_LIMIT, b.getPercentOfLimit())
          .decimal128(BURN_RATE_USD_PER_HOUR, b.getBurnRateUsdPerHour())
          .nullableDateTime(PROJECTED_EXHAUSTION_TIME, b.getProjectedExhaustionTime())
          .string(b.getTriggeringEventId())
          .dateTime(EVENT_TIME, b.getEventTime())
          .dateTime(DETECTED_TIME, b.getDetectedTime())
          .strings(b.getNotify() == null ? List.of() : b.getNotify())
          .string(b.getKind() == null ? BreachKind.CROSSED.name() : b.getKind().name())
          .nullableDecimal128(PROJECTED_SPEND_USD, b.getProjectedSpendUsd())
          .uint64(VERSION, b.getDetectedTime().toEpochMilli())
          .string(topic)
          .uint32(KAFKA_PARTITION, partition)
          .uint64(KAFKA_OFFSET, offset);
    } catch (UnwritableRecordException ex) {
      out.truncate(mark);
      throw new UnwritableRecordException("breach " + b.getBreachId() + ": " + ex.getMessage());
    } catch (RuntimeException ex) {
      out.truncate(mark);
      throw ex;
    }
  }
}
