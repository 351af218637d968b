package dev.tokenledger.api.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenledger.api.auth.Principal;
import java.util.List;
import java.util.TreeSet;

/** {@code GET /v1/me}: who the credential identifies and what that role may see. */
final class MeEndpoint implements Endpoint {

  @Override
  public Answer answer(ApiRequest request) {
    new Params(request.params(), List.of("format"));
    Principal p = request.caller();
    ObjectNode meta = AnswerWriter.JSON.createObjectNode();
    meta.put("query_id", request.queryId().value());
    return new Answer(meta,
        List.of(Column.text("org"), Column.text("user"), Column.text("email"), Column.text("role"), Column.text("teams"), Column.text("credential")),
        List.of(List.of(p.orgId(), p.userId(), p.email(), p.role().wireName(), String.join(" ", new TreeSet<>(p.teams())), p.credential())),
        null);
  }
}
