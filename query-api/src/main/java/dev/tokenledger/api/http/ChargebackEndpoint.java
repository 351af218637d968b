package dev.tokenledger.api.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenledger.api.access.AccessPolicy;
import dev.tokenledger.api.query.Cursor;
import dev.tokenledger.api.query.Dimension;
import dev.tokenledger.api.query.Granularity;
import dev.tokenledger.api.query.Page;
import dev.tokenledger.api.query.PageRequest;
import dev.tokenledger.api.query.SortOrder;
import dev.tokenledger.api.query.SpendQuery;
import dev.tokenledger.api.query.SpendRepository;
import dev.tokenledger.api.query.SpendRow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/chargeback?month=YYYY-MM&by=cost_centre|team|project}: a month's requests, tokens per
 * class, cost and cache savings per cost centre, team or project, with {@code closed} once the month can
 * no longer change (its end in the organisation zone plus the late-event allowance has passed).
 */
final class ChargebackEndpoint implements Endpoint {

  static final List<String> PARAMETERS = List.of("month", "by", "limit", "cursor", "format");
  private static final Map<String, Dimension> BY = Map.of(
      "cost_centre", Dimension.COST_CENTRE, "cost_center", Dimension.COST_CENTRE,
      "team", Dimension.TEAM, "project", Dimension.PROJECT);

  private final AccessPolicy policy;
  private final SpendRepository repository;
  private final QueryGate gate;
  private final ZoneId zone;
  private final Duration closeAfter;
  private final Clock clock;

  ChargebackEndpoint(AccessPolicy policy, SpendRepository repository, QueryGate gate, ZoneId zone, Duration closeAfter, Clock clock) {
    this.policy = policy;
    this.repository = repository;
    this.gate = gate;
    this.zone = zone;
    this.closeAfter = closeAfter;
    this.clock = clock;
  }

  @Override
  public Answer answer(ApiRequest request) {
    Params p = new Params(request.params(), PARAMETERS);
    YearMonth month = p.month("month");
    Dimension by = BY.get(p.required("by"));
    if (by == null) {
      throw new IllegalArgumentException("by: one of cost_centre, team, project");
    }
    int limit = p.integer("limit", PageRequest.DEFAULT_LIMIT, 1, PageRequest.MAX_LIMIT);
    int offset = p.cursor(request.params());
    SpendQuery query = policy.scope(request.caller(), new SpendQuery(List.of(by), Granularity.TOTAL,
        month.atDay(1), month.plusMonths(1).atDay(1), zone, Map.of(), SortOrder.COST, new PageRequest(offset, limit), false));
    Page<SpendRow> page = gate.run(request.ctx(), request.queryId(), () -> repository.spend(query, request.queryId()));

    Instant closesAt = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant().plus(closeAfter);
    ObjectNode meta = AnswerWriter.JSON.createObjectNode();
    meta.put("query_id", request.queryId().value());
    meta.put("month", month.toString());
    meta.put("by", by.wireName());
    meta.put("time_zone", zone.getId());
    meta.put("closed", !clock.instant().isBefore(closesAt));
    meta.put("closes_at", closesAt.toString());
    List<Column> columns = SpendTable.columns(Granularity.TOTAL, List.of(by), false);
    return Answer.of(meta, columns, page,
        () -> page.rows().stream().map(r -> SpendTable.values(r, Granularity.TOTAL, List.of(by), false)).toList(),
        page.truncated() ? Cursor.encode(request.params(), query.page().next().offset()) : null);
  }
}
