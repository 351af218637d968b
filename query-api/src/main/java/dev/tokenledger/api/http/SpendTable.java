package dev.tokenledger.api.http;

import dev.tokenledger.api.query.Dimension;
import dev.tokenledger.api.query.Granularity;
import dev.tokenledger.api.query.SpendRow;
import dev.tokenledger.api.query.TokenClass;
import java.util.ArrayList;
import java.util.List;

/**
 * The columns and values of spend rows: period, the group-by keys, counts, tokens per class, cost, cache savings,
 * the cost that is not provider-final and its share of the cost (null when the cost is 0).
 */
final class SpendTable {

  private SpendTable() {}

  static List<Column> columns(Granularity granularity, List<Dimension> groupBy, boolean withSessions) {
    return columns(granularity, groupBy, withSessions, false);
  }

  static List<Column> columns(Granularity granularity, List<Dimension> groupBy, boolean withSessions, boolean withTimes) {
    List<Column> c = new ArrayList<>();
    if (granularity != Granularity.TOTAL) {
      c.add(Column.text("period"));
    }
    groupBy.forEach(d -> c.add(Column.text(d.wireName())));
    c.add(Column.integer("requests"));
    if (withSessions) {
      c.add(Column.integer("sessions"));
    }
    if (withTimes) {
      c.add(Column.text("first_request"));
      c.add(Column.text("last_request"));
    }
    for (TokenClass t : TokenClass.values()) {
      c.add(Column.integer(t.wireName()));
    }
    c.add(Column.money("cost_usd"));
    c.add(Column.money("cache_savings_usd"));
    c.add(Column.money("not_final_cost_usd"));
    c.add(Column.money("not_final_share"));
    return c;
  }

  static List<Object> values(SpendRow r, Granularity granularity, List<Dimension> groupBy, boolean withSessions) {
    return values(r, granularity, groupBy, withSessions, false);
  }

  static List<Object> values(SpendRow r, Granularity granularity, List<Dimension> groupBy, boolean withSessions,
      boolean withTimes) {
    List<Object> v = new ArrayList<>();
    if (granularity == Granularity.HOUR) {
      v.add(r.hour() == null ? null : r.hour().toString());
    } else if (granularity != Granularity.TOTAL) {
      v.add(r.period() == null ? null : r.period().toString());
    }
    groupBy.forEach(d -> v.add(r.keys().get(d)));
    v.add(r.requests());
    if (withSessions) {
      v.add(r.sessions());
    }
    if (withTimes) {
      v.add(r.firstRequest() == null ? null : r.firstRequest().toString());
      v.add(r.lastRequest() == null ? null : r.lastRequest().toString());
    }
    for (TokenClass t : TokenClass.values()) {
      v.add(r.tokens(t));
    }
    v.add(r.costUsd());
    v.add(r.cacheSavingsUsd());
    v.add(r.notFinalCostUsd());
    v.add(r.notFinalShare());
    return v;
  }
}
