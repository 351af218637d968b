package dev.tokenledger.api.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenledger.api.access.AccessPolicy;
import dev.tokenledger.api.query.Cursor;
import dev.tokenledger.api.query.PageRequest;
import dev.tokenledger.api.query.SessionDetail;
import dev.tokenledger.api.query.SessionQuery;
import dev.tokenledger.api.query.SpendRepository;
import dev.tokenledger.api.query.TokenClass;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /v1/sessions/{id}}: one session's owner, project, time span, totals and its requests in
 * time order. A session outside the caller's scope answers 404, exactly like one that does not exist.
 */
final class SessionEndpoint implements Endpoint {

  static final List<String> PARAMETERS = List.of("limit", "cursor", "format");

  private final AccessPolicy policy;
  private final SpendRepository repository;
  private final QueryGate gate;

  SessionEndpoint(AccessPolicy policy, SpendRepository repository, QueryGate gate) {
    this.policy = policy;
    this.repository = repository;
    this.gate = gate;
  }

  @Override
  public Answer answer(ApiRequest request) {
    Params p = new Params(request.params(), PARAMETERS);
    PageRequest page = new PageRequest(p.cursor(request.params()), p.integer("limit", PageRequest.DEFAULT_LIMIT, 1, PageRequest.MAX_LIMIT));
    SessionQuery query = new SessionQuery(request.pathParam("id"), policy.restrictions(request.caller()), page);
    SessionDetail s = gate.run(request.ctx(), request.queryId(), () -> repository.session(query, request.queryId()))
        .orElseThrow(() -> ApiException.notFound("no session '" + Params.abbreviate(query.sessionId()) + "' that you may see"));

    ObjectNode meta = AnswerWriter.JSON.createObjectNode();
    meta.put("query_id", request.queryId().value());
    ObjectNode session = meta.putObject("session");
    session.put("session_id", s.sessionId());
    session.put("org", s.orgId());
    session.put("user", s.userId());
    session.put("team", s.team());
    session.put("project", s.projectId());
    session.put("branch", s.branch());
    session.put("source", s.source());
    session.put("parent_session_id", s.parentSessionId());
    session.put("first_request", s.firstRequest().toString());
    session.put("last_request", s.lastRequest().toString());
    session.put("requests", s.requestCount());
    for (TokenClass t : TokenClass.values()) {
      session.put(t.wireName(), s.tokens().getOrDefault(t, 0L));
    }
    session.put("cost_usd", s.costUsd().toPlainString());

    List<Column> columns = new ArrayList<>(List.of(Column.text("event_id"), Column.time("event_time"), Column.text("model"),
        Column.text("agent"), Column.text("agent_role"), Column.bool("sidechain"), Column.text("tools")));
    for (TokenClass t : TokenClass.values()) {
      columns.add(Column.integer(t.wireName()));
    }
    columns.add(Column.money("cost_usd"));
    columns.add(Column.text("accuracy"));
    List<List<Object>> rows = new ArrayList<>();
    for (SessionDetail.Request r : s.requests().rows()) {
      List<Object> v = new ArrayList<>(List.of(r.eventId(), r.eventTime().toString(), r.model(), r.agentName(), r.agentRole(),
          r.sidechain(), String.join(" ", r.tools())));
      for (TokenClass t : TokenClass.values()) {
        v.add(r.tokens().getOrDefault(t, 0L));
      }
      v.add(r.costUsd());
      v.add(r.accuracy());
      rows.add(v);
    }
    return new Answer(meta, columns, rows,
        s.requests().truncated() ? Cursor.encode(request.params(), page.next().offset()) : null);
  }
}
