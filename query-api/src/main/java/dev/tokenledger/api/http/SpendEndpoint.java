package dev.tokenledger.api.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenledger.api.access.AccessPolicy;
import dev.tokenledger.api.query.Cursor;
import dev.tokenledger.api.query.Page;
import dev.tokenledger.api.query.SpendQuery;
import dev.tokenledger.api.query.SpendRepository;
import dev.tokenledger.api.query.SpendRequestParser;
import dev.tokenledger.api.query.SpendRow;
import java.util.Locale;
import java.util.TreeSet;

/** {@code GET /v1/spend}: spend grouped by any dimensions, per period, within the caller's scope. */
final class SpendEndpoint implements Endpoint {

  private final SpendRequestParser parser;
  private final AccessPolicy policy;
  private final SpendRepository repository;
  private final QueryGate gate;

  SpendEndpoint(SpendRequestParser parser, AccessPolicy policy, SpendRepository repository, QueryGate gate) {
    this.parser = parser;
    this.policy = policy;
    this.repository = repository;
    this.gate = gate;
  }

  @Override
  public Answer answer(ApiRequest request) {
    SpendQuery query = policy.scope(request.caller(), parser.parse(request.params()));
    Page<SpendRow> page = gate.run(request.ctx(), request.queryId(), () -> repository.spend(query, request.queryId()));
    return answer(request, query, page);
  }

  static Answer answer(ApiRequest request, SpendQuery query, Page<SpendRow> page) {
    ObjectNode meta = AnswerWriter.JSON.createObjectNode();
    meta.put("query_id", request.queryId().value());
    meta.set("query", describe(query));
    return Answer.of(meta,
        SpendTable.columns(query.granularity(), query.groupBy(), query.withSessions(), query.withTimes()),
        page,
        () -> page.rows().stream().map(r -> SpendTable.values(r, query.granularity(), query.groupBy(), query.withSessions(), query.withTimes())).toList(),
        page.truncated() ? Cursor.encode(request.params(), query.page().next().offset()) : null);
  }

  static ObjectNode describe(SpendQuery query) {
    ObjectNode q = AnswerWriter.JSON.createObjectNode();
    ArrayNode groupBy = q.putArray("group_by");
    query.groupBy().forEach(d -> groupBy.add(d.wireName()));
    q.put("granularity", query.granularity().name().toLowerCase(Locale.ROOT));
    q.put("from", query.from().toString());
    q.put("to", query.to().toString());
    q.put("time_zone", query.zone().getId());
    ObjectNode filters = q.putObject("filters");
    query.filters().forEach((d, values) -> {
      ArrayNode a = filters.putArray(d.wireName());
      new TreeSet<>(values).forEach(a::add);
    });
    q.put("order", query.order().wireName());
    q.put("limit", query.page().limit());
    q.put("offset", query.page().offset());
    return q;
  }
}
