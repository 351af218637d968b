package dev.tokenledger.api.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenledger.api.access.AccessDeniedException;
import dev.tokenledger.api.auth.Role;
import dev.tokenledger.api.query.ParameterValues;
import dev.tokenledger.api.query.WarehouseException;
import dev.tokenledger.reconciliation.DayRange;
import dev.tokenledger.reconciliation.GroupBy;
import dev.tokenledger.reconciliation.Provider;
import dev.tokenledger.reconciliation.ReconciliationRow;
import dev.tokenledger.reconciliation.ReconciliationTable;
import dev.tokenledger.reconciliation.Reconciliations;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/reconciliation?from&to&provider&group_by=model|subject}: the providers' own reports against
 * the ledger per UTC day (from inclusive, to exclusive), model and subject, with variance and share
 * (docs/reconciliation.md). Finance and admins only: the figures are the whole organisation's.
 */
final class ReconciliationEndpoint implements Endpoint {

  static final List<String> PARAMETERS = List.of("from", "to", "provider", "group_by", "format");

  /** The columns, in the order of {@link ReconciliationTable#COLUMNS}. */
  static final List<Column> COLUMNS = columns();

  private final Reconciliations reconciliations;
  private final QueryGate gate;

  ReconciliationEndpoint(Reconciliations reconciliations, QueryGate gate) {
    this.reconciliations = reconciliations;
    this.gate = gate;
  }

  private static List<Column> columns() {
    List<Column> out = new ArrayList<>();
    for (String c : ReconciliationTable.COLUMNS) {
      if (c.endsWith("_tokens") || c.equals("token_variance")) {
        out.add(Column.integer(c));
      } else if (c.endsWith("_usd") || c.endsWith("_share")) {
        out.add(Column.money(c));
      } else if (c.equals("over_threshold")) {
        out.add(Column.bool(c));
      } else {
        out.add(Column.text(c));
      }
    }
    return List.copyOf(out);
  }

  @Override
  public Answer answer(ApiRequest request) {
    Params p = new Params(request.params(), PARAMETERS);
    LocalDate from = ParameterValues.day("from", p.required("from"));
    LocalDate to = ParameterValues.day("to", p.required("to"));
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("to: must be after from (to is exclusive)");
    }
    if (ChronoUnit.DAYS.between(from, to) > DayRange.MAX_DAYS) {
      throw new IllegalArgumentException("to: at most " + DayRange.MAX_DAYS + " days after from");
    }
    GroupBy groupBy = parse("group_by", () -> GroupBy.parse(p.optional("group_by") == null ? "model" : p.optional("group_by")));
    String provider = p.optional("provider");
    List<Provider> providers = provider != null ? List.of(parse("provider", () -> Provider.parse(provider)))
        : groupBy == GroupBy.SUBJECT ? List.of(Provider.ANTHROPIC) : List.of(Provider.values());
    Role role = request.caller().role();
    if (role != Role.FINANCE && role != Role.ADMIN) {
      throw new AccessDeniedException("the reconciliation is the organisation's: finance and admins only");
    }
    DayRange range = new DayRange(from, to.minusDays(1));
    List<ReconciliationRow> rows = gate.run(request.ctx(), request.queryId(), () -> {
      try {
        return reconciliations.reconcile(request.caller().orgId(), providers, groupBy, range);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("group_by: " + e.getMessage(), e);
      } catch (IllegalStateException e) {
        throw new WarehouseException(e.getMessage(), e);
      } catch (RuntimeException e) {
        throw new WarehouseException("the warehouse did not answer the reconciliation: " + e.getMessage(), e);
      }
    });
    ReconciliationTable table = reconciliations.table();
    ObjectNode meta = AnswerWriter.JSON.createObjectNode();
    meta.put("query_id", request.queryId().value());
    meta.put("from", from.toString());
    meta.put("to", to.toString());
    ArrayNode ps = meta.putArray("providers");
    providers.forEach(x -> ps.add(x.id()));
    meta.put("group_by", groupBy.id());
    meta.put("threshold", table.threshold().toPlainString());
    List<List<Object>> values = new ArrayList<>(rows.size());
    for (ReconciliationRow r : rows) {
      Map<String, Object> v = table.values(r);
      values.add(ReconciliationTable.COLUMNS.stream().map(v::get).toList());
    }
    return new Answer(meta, COLUMNS, values, null);
  }

  private interface Parse<T> {
    T get();
  }

  private static <T> T parse(String name, Parse<T> parse) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
  }
}
