package dev.tokenledger.warehouse;

import dev.tokenledger.warehouse.clickhouse.Column;
import java.util.List;

/**
 * {@code usage_daily} (migrations V002, V010): requests, tokens and costs per organisation, dimension, value and
 * day, a SummingMergeTree fed by the view {@code usage_daily_mv}; read with {@code sum()} and
 * {@code GROUP BY}.
 */
public final class UsageDailyTable {

  public static final String NAME = "usage_daily";

  public static final Column ORG_ID = Column.of("org_id", "String");
  public static final Column DIMENSION = Column.of("dimension", "String");
  public static final Column VALUE = Column.of("value", "String");
  public static final Column DAY = Column.of("day", "Date");
  public static final Column REQUESTS = Column.of("requests", "UInt64");
  public static final Column INPUT_TOKENS = Column.of("input_tokens", "UInt64");
  public static final Column OUTPUT_TOKENS = Column.of("output_tokens", "UInt64");
  public static final Column CACHE_WRITE_5M_TOKENS = Column.of("cache_write_5m_tokens", "UInt64");
  public static final Column CACHE_WRITE_1H_TOKENS = Column.of("cache_write_1h_tokens", "UInt64");
  public static final Column CACHE_READ_TOKENS = Column.of("cache_read_tokens", "UInt64");
  public static final Column REASONING_TOKENS = Column.of("reasoning_tokens", "UInt64");
  public static final Column INPUT_COST_USD = Column.of("input_cost_usd", "Decimal(38, 9)");
  public static final Column OUTPUT_COST_USD = Column.of("output_cost_usd", "Decimal(38, 9)");
  public static final Column CACHE_WRITE_5M_COST_USD = Column.of("cache_write_5m_cost_usd", "Decimal(38, 9)");
  public static final Column CACHE_WRITE_1H_COST_USD = Column.of("cache_write_1h_cost_usd", "Decimal(38, 9)");
  public static final Column CACHE_READ_COST_USD = Column.of("cache_read_cost_usd", "Decimal(38, 9)");
  public static final Column COST_USD = Column.of("cost_usd", "Decimal(38, 9)");
  public static final Column CACHE_SAVINGS_USD = Column.of("cache_savings_usd", "Decimal(38, 9)");
  /** Requests whose accuracy is not {@code EXACT} (not the provider's final counts; V010). */
  public static final Column NOT_FINAL_REQUESTS = Column.of("not_final_requests", "UInt64");
  /** The cost of the requests whose accuracy is not {@code EXACT} (V010). */
  public static final Column NOT_FINAL_COST_USD = Column.of("not_final_cost_usd", "Decimal(38, 9)");

  /** Every column, in table order (written by the view {@code usage_daily_mv}, never by a program). */
  public static final Table TABLE = new Table(NAME, List.of(
      ORG_ID, DIMENSION, VALUE, DAY, REQUESTS, INPUT_TOKENS, OUTPUT_TOKENS, CACHE_WRITE_5M_TOKENS,
      CACHE_WRITE_1H_TOKENS, CACHE_READ_TOKENS, REASONING_TOKENS, INPUT_COST_USD, OUTPUT_COST_USD,
      CACHE_WRITE_5M_COST_USD, CACHE_WRITE_1H_COST_USD, CACHE_READ_COST_USD, COST_USD, CACHE_SAVINGS_USD,
      NOT_FINAL_REQUESTS, NOT_FINAL_COST_USD));

  private UsageDailyTable() {}
}
