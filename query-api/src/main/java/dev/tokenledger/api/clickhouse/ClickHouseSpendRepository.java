package dev.tokenledger.api.clickhouse;

import dev.tokenledger.api.query.Dimension;
import dev.tokenledger.api.query.Granularity;
import dev.tokenledger.api.query.Page;
import dev.tokenledger.api.query.QueryId;
import dev.tokenledger.api.query.SessionDetail;
import dev.tokenledger.api.query.SessionQuery;
import dev.tokenledger.api.query.SpendQuery;
import dev.tokenledger.api.query.SpendRepository;
import dev.tokenledger.api.query.SpendRow;
import dev.tokenledger.api.query.TokenClass;
import dev.tokenledger.api.query.WarehouseException;
import dev.tokenledger.warehouse.clickhouse.ClickHouseClient;
import dev.tokenledger.warehouse.clickhouse.ClickHouseException;
import dev.tokenledger.warehouse.clickhouse.TsvTable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link SpendRepository} over ClickHouse's priced-events table (deduplicated with FINAL), through the
 * warehouse's client; its failures become {@link WarehouseException}s with the client's message.
 */
public final class ClickHouseSpendRepository implements SpendRepository {

  private final ClickHouseClient client;
  private final SpendTable table;

  public ClickHouseSpendRepository(ClickHouseClient client, SpendTable table) {
    this.client = client;
    this.table = table;
  }

  @Override
  public Page<SpendRow> spend(SpendQuery query, QueryId id) {
    String body;
    try {
      body = client.query(SpendSql.render(query, table));
    } catch (ClickHouseException.Unavailable e) {
      throw new WarehouseException("ClickHouse is unavailable: " + e.getMessage(), e);
    } catch (ClickHouseException e) {
      throw new WarehouseException("ClickHouse rejected the query: " + e.getMessage(), e);
    }
    try {
      return Page.of(rows(query, TsvTable.parse(body)), query.page());
    } catch (IllegalStateException e) {
      throw new WarehouseException(e.getMessage(), e);
    }
  }

  @Override
  public Optional<SessionDetail> session(SessionQuery query, QueryId id) {
    throw new UnsupportedOperationException("session detail: not yet");
  }

  @Override
  public void cancel(QueryId id) {}

  private static List<SpendRow> rows(SpendQuery query, TsvTable answer) {
    int periodCol = query.granularity() == Granularity.TOTAL ? -1 : answer.column("period");
    Map<Dimension, Integer> keyCols = new LinkedHashMap<>();
    for (Dimension d : query.groupBy()) {
      keyCols.put(d, answer.column(d.wireName()));
    }
    Map<TokenClass, Integer> tokenCols = new EnumMap<>(TokenClass.class);
    for (TokenClass t : TokenClass.values()) {
      tokenCols.put(t, answer.column(t.wireName()));
    }
    int requests = answer.column("requests");
    int sessions = query.withSessions() ? answer.column("sessions") : -1;
    int savings = answer.column("cache_savings_usd");
    int cost = answer.column("cost_usd");
    List<SpendRow> rows = new ArrayList<>(answer.rows().size());
    for (List<String> r : answer.rows()) {
      try {
        Map<Dimension, String> keys = new LinkedHashMap<>();
        keyCols.forEach((d, i) -> keys.put(d, r.get(i)));
        Map<TokenClass, Long> tokens = new EnumMap<>(TokenClass.class);
        tokenCols.forEach((t, i) -> tokens.put(t, Long.parseLong(r.get(i))));
        rows.add(new SpendRow(
            periodCol < 0 ? null : LocalDate.parse(r.get(periodCol)),
            keys,
            Long.parseLong(r.get(requests)),
            sessions < 0 ? null : Long.valueOf(r.get(sessions)),
            tokens,
            new BigDecimal(r.get(cost)),
            new BigDecimal(r.get(savings))));
      } catch (RuntimeException e) {
        throw new WarehouseException("unexpected ClickHouse answer row " + r + ": " + e.getMessage(), e);
      }
    }
    return rows;
  }
}
