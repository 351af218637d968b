package dev.tokenledger.api.http;

import dev.tokenledger.api.auth.Principal;
import dev.tokenledger.api.query.QueryId;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * One authenticated request as an endpoint sees it.
 *
 * @param ctx the HTTP exchange (path parameters, body)
 * @param caller who asks
 * @param queryId the id its warehouse queries run under (returned as {@code X-Query-Id})
 * @param params the query-string parameters, each with every value given
 */
record ApiRequest(Context ctx, Principal caller, QueryId queryId, Map<String, List<String>> params) {

  String pathParam(String name) {
    return ctx.pathParam(name);
  }
}
