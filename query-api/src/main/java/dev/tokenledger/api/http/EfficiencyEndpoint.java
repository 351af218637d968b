package dev.tokenledger.api.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenledger.api.access.AccessPolicy;
import dev.tokenledger.api.efficiency.EfficiencyCalculator;
import dev.tokenledger.api.efficiency.EfficiencyFacts;
import dev.tokenledger.api.efficiency.EfficiencyQuery;
import dev.tokenledger.api.efficiency.EfficiencyReport;
import dev.tokenledger.api.efficiency.EfficiencyRepository;
import dev.tokenledger.api.efficiency.EfficiencyRequestParser;
import dev.tokenledger.api.query.QueryId;
import java.math.BigDecimal;
import java.util.List;
import java.util.TreeSet;

/**
 * {@code GET /v1/efficiency}: cache, activity, commit, outlier, share, zombie-MCP and smell figures of the
 * caller's scope over a range of days (docs/efficiency.md). The range and filters are read like a spend
 * question's and scoped by the same access policy. One JSON document; money and ratios as decimal strings.
 */
final class EfficiencyEndpoint implements Endpoint {

  private final EfficiencyRequestParser parser;
  private final AccessPolicy policy;
  private final EfficiencyRepository repository;
  private final EfficiencyCalculator calculator;
  private final QueryGate gate;

  EfficiencyEndpoint(EfficiencyRequestParser parser, AccessPolicy policy, EfficiencyRepository repository, EfficiencyCalculator calculator,
      QueryGate gate) {
    this.parser = parser;
    this.policy = policy;
    this.repository = repository;
    this.calculator = calculator;
    this.gate = gate;
  }

  @Override
  public Answer answer(ApiRequest request) {
    EfficiencyQuery asked = parser.parse(request.params());
    EfficiencyQuery query = asked.scopedBy(policy.scope(request.caller(), asked.asSpendQuery()));
    EfficiencyFacts facts = gate.run(request.ctx(), request.queryId(), () -> repository.facts(query, calculator.settings(), request.queryId()));
    return Answer.document(AnswerWriter.bytes(json(calculator.report(query, facts), request.queryId())));
  }

  static ObjectNode json(EfficiencyReport r, QueryId id) {
    ObjectNode o = AnswerWriter.JSON.createObjectNode();
    o.put("query_id", id.value());
    o.put("from", r.query().from().toString());
    o.put("to", r.query().to().toString());
    o.put("tz", r.query().zone().getId());
    ObjectNode filters = o.putObject("filters");
    r.query().filters().forEach((d, values) -> {
      ArrayNode a = filters.putArray(d.wireName());
      new TreeSet<>(values).forEach(a::add);
    });

    EfficiencyReport.Cache c = r.cache();
    ObjectNode cache = o.putObject("cache");
    decimal(cache, "hit_ratio", c.hitRatio());
    decimal(cache, "target", c.target());
    if (c.meetsTarget() == null) {
      cache.putNull("meets_target");
    } else {
      cache.put("meets_target", c.meetsTarget());
    }
    decimal(cache, "savings_usd", c.savingsUsd());
    cache.put("cache_read_tokens", c.cacheReadTokens());
    cache.put("cache_write_tokens", c.cacheWriteTokens());
    cache.put("input_tokens", c.inputTokens());

    EfficiencyReport.Activity a = r.activity();
    ObjectNode activity = o.putObject("activity");
    activity.put("sessions", a.sessions());
    activity.put("calls", a.calls());
    decimal(activity, "cost_usd", a.costUsd());
    decimal(activity, "cost_per_session_usd", a.costPerSessionUsd());
    activity.put("active_minutes", a.activeMinutes());
    decimal(activity, "cost_per_active_minute_usd", a.costPerActiveMinuteUsd());
    decimal(activity, "tokens_per_call", a.tokensPerCall());

    EfficiencyReport.CommitFigures k = r.commits();
    ObjectNode commits = o.putObject("commits");
    commits.put("collected", k.collected());
    commits.put("commits", k.commits());
    commits.put("lines_added", k.linesAdded());
    commits.put("lines_removed", k.linesRemoved());
    commits.put("sessions", k.sessions());
    decimal(commits, "cost_usd", k.costUsd());
    decimal(commits, "cost_per_commit_usd", k.costPerCommitUsd());
    decimal(commits, "cost_per_changed_line_usd", k.costPerChangedLineUsd());

    ArrayNode outliers = o.putArray("outlier_sessions");
    for (EfficiencyReport.OutlierSession s : r.outlierSessions()) {
      ObjectNode n = outliers.addObject();
      n.put("session_id", s.sessionId());
      n.put("user", s.user());
      decimal(n, "cost_usd", s.costUsd());
      decimal(n, "user_median_usd", s.userMedianUsd());
      decimal(n, "ratio", s.ratio());
      n.put("user_sessions", s.userSessions());
    }
    shares(o.putArray("share_by_agent"), "agent", r.shareByAgent());
    shares(o.putArray("share_by_workflow_step"), "workflow_step", r.shareByWorkflowStep());
    ArrayNode zombies = o.putArray("zombie_mcp_servers");
    for (EfficiencyReport.ZombieServer z : r.zombieMcpServers()) {
      ObjectNode n = zombies.addObject();
      n.put("server", z.server());
      n.put("configured_users", z.configuredUsers());
      if (z.lastCall() == null) {
        n.putNull("last_call");
      } else {
        n.put("last_call", z.lastCall().toString());
      }
    }
    ArrayNode smells = o.putArray("smells");
    for (EfficiencyReport.Smell s : r.smells()) {
      ObjectNode n = smells.addObject();
      n.put("code", s.code());
      n.put("severity", s.severity().wireName());
      n.put("finding", s.finding());
      n.put("recommendation", s.recommendation());
      decimal(n, "value", s.value());
      decimal(n, "threshold", s.threshold());
    }
    return o;
  }

  private static void shares(ArrayNode out, String keyName, List<EfficiencyReport.ShareFigure> rows) {
    for (EfficiencyReport.ShareFigure f : rows) {
      ObjectNode n = out.addObject();
      n.put(keyName, f.key());
      n.put("calls", f.calls());
      decimal(n, "cost_usd", f.costUsd());
      decimal(n, "share", f.share());
    }
  }

  private static void decimal(ObjectNode o, String name, BigDecimal v) {
    if (v == null) {
      o.putNull(name);
    } else {
      o.put(name, v.toPlainString());
    }
  }
}
