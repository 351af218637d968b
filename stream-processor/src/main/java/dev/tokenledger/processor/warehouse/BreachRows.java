package dev.tokenledger.processor.warehouse;

import dev.tokenledger.events.BudgetBreach;
import java.util.List;

/** Maps a {@link BudgetBreach} to a {@code budget_breaches} row (TabSeparated). */
public final class BreachRows {

  public static final String TABLE = "budget_breaches";
  public static final List<String> COLUMNS = List.of(
      "breach_id", "budget_id", "org_id", "scope", "scope_value", "period", "period_start", "period_end",
      "threshold_percent", "spend_usd", "limit_usd", "percent_of_limit", "burn_rate_usd_per_hour",
      "projected_exhaustion_time", "triggering_event_id", "event_time", "detected_time", "notify", "version",
      "kafka_topic", "kafka_partition", "kafka_offset");
  public static final String INSERT = "INSERT INTO " + TABLE + " (" + String.join(", ", COLUMNS) + ") FORMAT TabSeparated";

  public String row(BudgetBreach b, String topic, int partition, long offset) throws UnwritableRecordException {
    if (b.getBreachId() == null || b.getBreachId().isEmpty()) {
      throw new UnwritableRecordException("breach id is empty");
    }
    if (b.getThresholdPercent() < 0 || b.getThresholdPercent() > 65_535) {
      throw new UnwritableRecordException("breach " + b.getBreachId() + ": threshold_percent = "
          + b.getThresholdPercent() + " is outside UInt16");
    }
    try {
      return new TsvRow(512)
          .str(b.getBreachId())
          .str(b.getBudgetId())
          .str(b.getOrgId())
          .str(b.getScope() == null ? null : b.getScope().name())
          .str(b.getScopeValue())
          .str(b.getPeriod() == null ? null : b.getPeriod().name())
          .dateTime("period_start", b.getPeriodStart())
          .dateTime("period_end", b.getPeriodEnd())
          .uint("threshold_percent", b.getThresholdPercent())
          .decimal38("spend_usd", b.getSpendUsd())
          .decimal18("limit_usd", b.getLimitUsd())
          .decimal18s4("percent_of_limit", b.getPercentOfLimit())
          .decimal38("burn_rate_usd_per_hour", b.getBurnRateUsdPerHour())
          .nullableDateTime("projected_exhaustion_time", b.getProjectedExhaustionTime())
          .str(b.getTriggeringEventId())
          .dateTime("event_time", b.getEventTime())
          .dateTime("detected_time", b.getDetectedTime())
          .strings(b.getNotify())
          .uint("version", b.getDetectedTime().toEpochMilli())
          .str(topic)
          .uint("kafka_partition", partition)
          .uint("kafka_offset", offset)
          .end();
    } catch (UnwritableRecordException ex) {
      throw new UnwritableRecordException("breach " + b.getBreachId() + ": " + ex.getMessage());
    }
  }
}
