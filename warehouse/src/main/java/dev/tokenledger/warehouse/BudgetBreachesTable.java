package dev.tokenledger.warehouse;

import dev.tokenledger.warehouse.clickhouse.Column;
import java.util.List;

/**
 * {@code budget_breaches} (migrations V003, V006): one row per budget breach (a crossing or a forecast, {@link #KIND}), a ReplacingMergeTree by breach id
 * read with {@code FINAL}; the {@code kafka_*} columns are the sink's insert ledger.
 */
public final class BudgetBreachesTable {

  public static final String NAME = "budget_breaches";

  public static final Column BREACH_ID = Column.of("breach_id", "String");
  public static final Column BUDGET_ID = Column.of("budget_id", "String");
  public static final Column ORG_ID = Column.of("org_id", "String");
  public static final Column SCOPE = Column.of("scope", "String");
  public static final Column SCOPE_VALUE = Column.of("scope_value", "String");
  public static final Column PERIOD = Column.of("period", "String");
  public static final Column PERIOD_START = Column.of("period_start", "DateTime('UTC')");
  public static final Column PERIOD_END = Column.of("period_end", "DateTime('UTC')");
  public static final Column THRESHOLD_PERCENT = Column.of("threshold_percent", "UInt16");
  public static final Column SPEND_USD = Column.of("spend_usd", "Decimal(38, 9)");
  public static final Column LIMIT_USD = Column.of("limit_usd", "Decimal(18, 9)");
  public static final Column PERCENT_OF_LIMIT = Column.of("percent_of_limit", "Decimal(18, 4)");
  public static final Column BURN_RATE_USD_PER_HOUR = Column.of("burn_rate_usd_per_hour", "Decimal(38, 9)");
  public static final Column PROJECTED_EXHAUSTION_TIME = Column.of("projected_exhaustion_time", "Nullable(DateTime('UTC'))");
  public static final Column TRIGGERING_EVENT_ID = Column.of("triggering_event_id", "String");
  public static final Column EVENT_TIME = Column.of("event_time", "DateTime('UTC')");
  public static final Column DETECTED_TIME = Column.of("detected_time", "DateTime('UTC')");
  public static final Column NOTIFY = Column.of("notify", "Array(String)");
  /** CROSSED or FORECAST (V006; rows written before are CROSSED). */
  public static final Column KIND = Column.of("kind", "String");
  /** Spend projected at the period end (V006; null for rows written before). */
  public static final Column PROJECTED_SPEND_USD = Column.of("projected_spend_usd", "Nullable(Decimal(38, 9))");
  public static final Column VERSION = Column.of("version", "UInt64");
  public static final Column KAFKA_TOPIC = Column.of("kafka_topic", "String");
  public static final Column KAFKA_PARTITION = Column.of("kafka_partition", "UInt32");
  public static final Column KAFKA_OFFSET = Column.of("kafka_offset", "UInt64");

  /**
   * Every column the sink writes, in its insert order ({@code inserted_time}, filled by the server, is
   * not written).
   */
  public static final Table TABLE = new Table(NAME, List.of(
      BREACH_ID, BUDGET_ID, ORG_ID, SCOPE, SCOPE_VALUE, PERIOD, PERIOD_START, PERIOD_END, THRESHOLD_PERCENT,
      SPEND_USD, LIMIT_USD, PERCENT_OF_LIMIT, BURN_RATE_USD_PER_HOUR, PROJECTED_EXHAUSTION_TIME, TRIGGERING_EVENT_ID,
      EVENT_TIME, DETECTED_TIME, NOTIFY, KIND, PROJECTED_SPEND_USD, VERSION, KAFKA_TOPIC, KAFKA_PARTITION, KAFKA_OFFSET));

  private BudgetBreachesTable() {}
}
