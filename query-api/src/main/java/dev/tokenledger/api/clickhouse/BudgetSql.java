package dev.tokenledger.api.clickhouse;

import dev.tokenledger.api.budget.BudgetScope;
import dev.tokenledger.api.budget.SpendWindow;
import dev.tokenledger.api.query.Dimension;
import dev.tokenledger.warehouse.clickhouse.SqlLiteral;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The SQL of a budget's spend: one row, {@code cost_usd}. Organisation-zone days from the daily rollups
 * of the budget's scope ({@code org, team, project, user, cost_centre}); exact instants (a budget in
 * another zone) from the deduplicated events ({@code FINAL}), {@code event_time >= start AND
 * event_time < end} in UTC, the day bound one day wider only to let ClickHouse skip partitions.
 */
public final class BudgetSql {

  private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private BudgetSql() {}

  public static String spend(String orgId, BudgetScope scope, String value, SpendWindow window, SpendTable events, RollupTable rollups) {
    Dimension d = dimension(scope);
    if (window instanceof SpendWindow.Days days) {
      String sql = "SELECT sum(" + rollups.costColumn() + ") AS cost_usd FROM " + rollups.qualifiedName()
          + " WHERE " + rollups.orgColumn() + " = " + SqlLiteral.quote(orgId)
          + " AND " + rollups.dimensionColumn() + " = " + SqlLiteral.quote(d.rollupName());
      if (d != Dimension.ORG) {
        sql += " AND " + rollups.valueColumn() + " = " + SqlLiteral.quote(value);
      }
      return sql + " AND " + rollups.dayColumn() + " >= " + SqlLiteral.date(days.from())
          + " AND " + rollups.dayColumn() + " < " + SqlLiteral.date(days.to())
          + " FORMAT TabSeparatedWithNames";
    }
    SpendWindow.Instants at = (SpendWindow.Instants) window;
    String sql = "SELECT sum(" + events.costColumn() + ") AS cost_usd FROM " + events.qualifiedName() + " FINAL"
        + " WHERE " + events.column(Dimension.ORG) + " = " + SqlLiteral.quote(orgId);
    if (d != Dimension.ORG) {
      sql += " AND " + events.column(d) + " = " + SqlLiteral.quote(value);
    }
    return sql
        + " AND " + events.dayColumn() + " >= " + SqlLiteral.date(at.from().atOffset(ZoneOffset.UTC).toLocalDate().minusDays(1))
        + " AND " + events.dayColumn() + " < " + SqlLiteral.date(at.to().atOffset(ZoneOffset.UTC).toLocalDate().plusDays(2))
        + " AND " + events.timeColumn() + " >= " + utc(at.from())
        + " AND " + events.timeColumn() + " < " + utc(at.to())
        + " FORMAT TabSeparatedWithNames";
  }

  static Dimension dimension(BudgetScope scope) {
    return switch (scope) {
      case ORG -> Dimension.ORG;
      case TEAM -> Dimension.TEAM;
      case PROJECT -> Dimension.PROJECT;
      case USER -> Dimension.USER;
      case COST_CENTRE -> Dimension.COST_CENTRE;
    };
  }

  private static String utc(Instant t) {
    return "toDateTime(" + SqlLiteral.quote(LocalDateTime.ofInstant(t, ZoneOffset.UTC).format(DATE_TIME)) + ", 'UTC')";
  }
}
