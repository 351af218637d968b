package dev.tokenledger.api.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenledger.api.access.AccessDeniedException;
import dev.tokenledger.api.auth.Principal;
import dev.tokenledger.api.auth.Role;
import dev.tokenledger.api.budget.BudgetDefinition;
import dev.tokenledger.api.budget.BudgetDraft;
import dev.tokenledger.api.budget.BudgetService;
import dev.tokenledger.api.budget.BudgetStatus;
import dev.tokenledger.api.budget.StatusLine;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The budget routes, always within the caller's organisation: finance and admins list and read every
 * budget with its current spend ({@code GET /v1/budgets}, {@code GET /v1/budgets/{id}}), admins create,
 * replace ({@code PUT}) and delete them, and anyone asks which budgets apply to them and how close they
 * are ({@code GET /v1/budgets/status}, with the one-line summary for a status line).
 */
final class BudgetsEndpoints {

  static final List<String> BODY_FIELDS = List.of("scope", "value", "period", "limit_usd", "thresholds", "time_zone", "enabled", "notify");
  private static final ObjectReader BODY = AnswerWriter.JSON.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private final BudgetService budgets;
  private final QueryGate gate;

  BudgetsEndpoints(BudgetService budgets, QueryGate gate) {
    this.budgets = budgets;
    this.gate = gate;
  }

  Answer list(ApiRequest request) {
    new Params(request.params(), List.of("format"));
    requireReader(request.caller());
    List<BudgetStatus> rows = gate.run(request.ctx(), request.queryId(), () -> budgets.list(request.caller().orgId(), request.queryId()));
    return answer(meta(request), rows);
  }

  Answer show(ApiRequest request) {
    new Params(request.params(), List.of("format"));
    requireReader(request.caller());
    String id = request.pathParam("id");
    BudgetStatus s = gate.run(request.ctx(), request.queryId(), () -> budgets.find(request.caller().orgId(), id, request.queryId()))
        .orElseThrow(() -> notFound(id));
    return answer(meta(request), List.of(s));
  }

  Answer put(ApiRequest request) {
    new Params(request.params(), List.of("format"));
    if (request.pathParam("id").equals("status")) {
      throw new IllegalArgumentException("id: 'status' is reserved (GET /v1/budgets/status); choose another id");
    }
    BudgetDraft draft = draft(request.pathParam("id"), body(request));
    BudgetStatus s = gate.run(request.ctx(), request.queryId(), () -> budgets.put(request.caller().orgId(), draft, request.queryId()));
    return answer(meta(request), List.of(s));
  }

  Answer delete(ApiRequest request) {
    new Params(request.params(), List.of("format"));
    String id = request.pathParam("id");
    BudgetDefinition gone = budgets.delete(request.caller().orgId(), id).orElseThrow(() -> notFound(id));
    ObjectNode meta = meta(request);
    meta.put("deleted", gone.id());
    return new Answer(meta, List.of(Column.text("id"), Column.text("scope"), Column.text("value"), Column.text("period")),
        List.of(List.<Object>of(gone.id(), gone.scope().wireName(), gone.value(), gone.period().wireName())), null);
  }

  /**
   * The budgets that apply to the caller: ORG budgets, USER budgets of their user id (or of {@code user=}
   * for finance and admins), TEAM budgets of their teams (or of {@code team=}, which must be one of
   * theirs unless finance or admin), PROJECT and COST_CENTRE budgets of {@code project=} and
   * {@code cost_centre=}.
   */
  Answer status(ApiRequest request) {
    Params p = new Params(request.params(), List.of("project", "cost_centre", "user", "team", "format"));
    Principal caller = request.caller();
    boolean wholeOrg = caller.role() == Role.FINANCE || caller.role() == Role.ADMIN;
    String user = p.optional("user");
    if (user == null || user.isEmpty()) {
      user = caller.userId();
    } else if (!wholeOrg && !user.equals(caller.userId())) {
      throw new AccessDeniedException("user: you may only ask for your own budgets");
    }
    Set<String> teams = caller.teams();
    String team = p.optional("team");
    if (team != null && !team.isEmpty()) {
      if (!wholeOrg && !caller.teams().contains(team)) {
        throw new AccessDeniedException("team: not one of your teams");
      }
      teams = Set.of(team);
    }
    Set<String> projects = one(p.optional("project"));
    Set<String> costCentres = one(p.optional("cost_centre"));
    String forUser = user;
    Set<String> forTeams = teams;
    List<BudgetStatus> rows = gate.run(request.ctx(), request.queryId(),
        () -> budgets.applying(caller.orgId(), forUser, forTeams, projects, costCentres, request.queryId()));
    ObjectNode meta = meta(request);
    meta.put("exceeded", StatusLine.exceeded(rows));
    meta.put("line", StatusLine.of(rows));
    return answer(meta, rows);
  }

  private static Set<String> one(String v) {
    return v == null || v.isEmpty() ? Set.of() : Set.of(v);
  }

  private static void requireReader(Principal caller) {
    if (caller.role() != Role.FINANCE && caller.role() != Role.ADMIN) {
      throw new AccessDeniedException("only finance and admins see every budget; ask GET /v1/budgets/status for yours");
    }
  }

  private static ApiException notFound(String id) {
    return ApiException.notFound("no budget '" + Params.abbreviate(id) + "' in your organisation");
  }

  private static JsonNode body(ApiRequest request) {
    JsonNode body;
    try {
      body = BODY.readTree(request.ctx().bodyAsBytes());
    } catch (IOException e) {
      throw new IllegalArgumentException("body: not JSON: send {\"scope\": \"team\", \"value\": \"platform\", \"period\": \"month\", "
          + "\"limit_usd\": \"500\"}");
    }
    if (body == null || !body.isObject()) {
      throw new IllegalArgumentException("body: a JSON object with " + String.join(", ", BODY_FIELDS));
    }
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!BODY_FIELDS.contains(f)) {
        throw new IllegalArgumentException(Params.abbreviate(f) + ": unknown field (known: " + String.join(", ", BODY_FIELDS) + ")");
      }
    }
    return body;
  }

  static BudgetDraft draft(String id, JsonNode body) {
    JsonNode limit = body.get("limit_usd");
    String limitText = null;
    if (limit != null && !limit.isNull()) {
      if (limit.isTextual()) {
        limitText = limit.asText();
      } else if (limit.isNumber()) {
        limitText = limit.decimalValue().toPlainString();
      } else {
        throw new IllegalArgumentException("limit_usd: a decimal string such as \"500.00\" or a number");
      }
    }
    List<Integer> thresholds = null;
    JsonNode t = body.get("thresholds");
    if (t != null && !t.isNull()) {
      if (!t.isArray() || t.size() > 20) {
        throw new IllegalArgumentException("thresholds: an array of at most 20 whole percentages, e.g. [50, 80, 100]");
      }
      thresholds = new ArrayList<>();
      for (JsonNode x : t) {
        if (!x.isIntegralNumber() || !x.canConvertToInt()) {
          throw new IllegalArgumentException("thresholds: whole percentages 1..1000, got " + Params.abbreviate(x.toString()));
        }
        thresholds.add(x.asInt());
      }
    }
    List<String> notify = null;
    JsonNode n = body.get("notify");
    if (n != null && !n.isNull()) {
      if (!n.isArray() || n.size() > 100) {
        throw new IllegalArgumentException("notify: an array of at most " + BudgetDraft.MAX_CHANNELS + " channel names");
      }
      notify = new ArrayList<>();
      for (JsonNode x : n) {
        if (!x.isTextual()) {
          throw new IllegalArgumentException("notify: channel names are strings");
        }
        notify.add(x.asText());
      }
    }
    JsonNode enabled = body.get("enabled");
    if (enabled != null && !enabled.isNull() && !enabled.isBoolean()) {
      throw new IllegalArgumentException("enabled: true or false");
    }
    return new BudgetDraft(id, text(body, "scope"), text(body, "value"), text(body, "period"), limitText, thresholds,
        text(body, "time_zone"), enabled == null || enabled.isNull() || enabled.asBoolean(), notify);
  }

  private static String text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException(field + ": a string");
    }
    return v.asText();
  }

  private static ObjectNode meta(ApiRequest request) {
    return AnswerWriter.JSON.createObjectNode().put("query_id", request.queryId().value());
  }

  private static Answer answer(ObjectNode meta, List<BudgetStatus> rows) {
    return new Answer(meta, columns(), rows.stream().map(BudgetsEndpoints::values).toList(), null);
  }

  static List<Column> columns() {
    return List.of(Column.text("id"), Column.text("scope"), Column.text("value"), Column.text("period"), Column.time("period_start"),
        Column.time("period_end"), Column.text("time_zone"), Column.money("limit_usd"), Column.money("spend_usd"),
        Column.money("remaining_usd"), Column.money("percent"), Column.money("projected_usd"), Column.text("status"),
        Column.text("thresholds"), Column.bool("enabled"), Column.text("notify"), Column.time("updated"));
  }

  static List<Object> values(BudgetStatus s) {
    BudgetDefinition b = s.budget();
    List<Object> v = new ArrayList<>();
    v.add(b.id());
    v.add(b.scope().wireName());
    v.add(b.value());
    v.add(b.period().wireName());
    v.add(s.window().localStart().toString());
    v.add(s.window().localEnd().toString());
    v.add(s.window().zone().getId());
    v.add(b.limitUsd());
    v.add(s.spendUsd());
    v.add(s.remainingUsd());
    v.add(s.percent());
    v.add(s.projectedUsd());
    v.add(s.level().wireName());
    v.add(b.thresholds().stream().map(String::valueOf).collect(Collectors.joining(",")));
    v.add(b.enabled());
    v.add(String.join(",", b.channels()));
    v.add(b.updated().toString());
    return v;
  }
}
