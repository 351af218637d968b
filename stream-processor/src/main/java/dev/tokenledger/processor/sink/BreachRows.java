package dev.tokenledger.processor.warehouse;

import dev.tokenledger.events.BudgetBreach;
import java.util.List;

/** Writes a {@link BudgetBreach} as a {@code budget_breaches} row (RowBinary, ADR 0305). */
public final class BreachRows {

  public static final String TABLE = "budget_breaches";
  /** The columns written, in the order {@link #write} writes them, with their types in the table. */
  public static final List<Column> COLUMNS = List.of(
      Column.of("breach_id", "String"), Column.of("budget_id", "String"), Column.of("org_id", "String"),
      Column.of("scope", "String"), Column.of("scope_value", "String"), Column.of("period", "String"),
      Column.of("period_start", "DateTime('UTC')"), Column.of("period_end", "DateTime('UTC')"),
      Column.of("threshold_percent", "UInt16"), Column.of("spend_usd", "Decimal(38, 9)"),
      Column.of("limit_usd", "Decimal(18, 9)"), Column.of("percent_of_limit", "Decimal(18, 4)"),
      Column.of("burn_rate_usd_per_hour", "Decimal(38, 9)"),
      Column.of("projected_exhaustion_time", "Nullable(DateTime('UTC'))"), Column.of("triggering_event_id", "String"),
      Column.of("event_time", "DateTime('UTC')"), Column.of("detected_time", "DateTime('UTC')"),
      Column.of("notify", "Array(String)"), Column.of("version", "UInt64"), Column.of("kafka_topic", "String"),
      Column.of("kafka_partition", "UInt32"), Column.of("kafka_offset", "UInt64"));
  public static final String INSERT = Column.insertRowBinary(TABLE, COLUMNS);

  /**
   * Appends the row of {@code b} to {@code out} in RowBinary, in the order of {@link #COLUMNS}. A value its
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
