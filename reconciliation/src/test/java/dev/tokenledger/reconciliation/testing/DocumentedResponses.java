package dev.tokenledger.reconciliation.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenledger.reconciliation.testing.ProviderTruth.Figure;
import dev.tokenledger.reconciliation.testing.ReplayServer.Answer;
import dev.tokenledger.reconciliation.testing.ReplayServer.Request;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The replay server's answers: pages in the shapes of the fixtures (and of the API references they
 * follow, see {@code fixtures/README.md}), filled from a {@link ProviderTruth} and paged as the providers
 * page (one bucket per day, empty days included, {@code has_more}/{@code next_page}). At most
 * {@link #BUCKETS_PER_PAGE} buckets per page (fewer than the client asks for, as a provider may answer),
 * so a month takes several pages; Claude Code records one per page.
 */
public final class DocumentedResponses {

  public static final int BUCKETS_PER_PAGE = 10;
  private static final ObjectMapper JSON = new ObjectMapper();

  private DocumentedResponses() {}

  public static Map<String, Function<Request, Answer>> anthropic(Supplier<ProviderTruth> truth) {
    Map<String, Function<Request, Answer>> h = new LinkedHashMap<>();
    h.put("/v1/organizations/usage_report/messages", r -> anthropicBuckets(r, truth.get(), DocumentedResponses::usageResults));
    h.put("/v1/organizations/cost_report", r -> anthropicBuckets(r, truth.get(), DocumentedResponses::costResults));
    h.put("/v1/organizations/usage_report/claude_code", r -> claudeCode(r, truth.get()));
    return h;
  }

  public static Map<String, Function<Request, Answer>> openai(Supplier<ProviderTruth> truth) {
    Map<String, Function<Request, Answer>> h = new LinkedHashMap<>();
    h.put("/v1/organization/usage/completions", r -> openAiBuckets(r, truth.get(), true));
    h.put("/v1/organization/costs", r -> openAiBuckets(r, truth.get(), false));
    return h;
  }

  private static Answer anthropicBuckets(Request r, ProviderTruth t, Function<Map<String, Figure>, ArrayNode> results) {
    LocalDate start = OffsetDateTime.parse(r.query().get("starting_at")).toLocalDate();
    LocalDate end = OffsetDateTime.parse(r.query().get("ending_at")).toLocalDate();
    if (r.query().containsKey("page")) {
      start = LocalDate.parse(decode(r.query().get("page").substring("page_".length())));
    }
    int limit = Math.min(Integer.parseInt(r.query().getOrDefault("limit", "7")), BUCKETS_PER_PAGE);
    ObjectNode page = JSON.createObjectNode();
    ArrayNode data = page.putArray("data");
    LocalDate d = start;
    for (int n = 0; n < limit && d.isBefore(end); n++, d = d.plusDays(1)) {
      ObjectNode b = data.addObject();
      b.put("starting_at", d + "T00:00:00Z");
      b.put("ending_at", d.plusDays(1) + "T00:00:00Z");
      b.set("results", results.apply(t.day(d)));
    }
    boolean more = d.isBefore(end);
    page.put("has_more", more);
    if (more) {
      page.put("next_page", "page_" + encode(d.toString()));
    } else {
      page.putNull("next_page");
    }
    return Answer.ok(page.toString());
  }

  private static ArrayNode usageResults(Map<String, Figure> models) {
    ArrayNode out = JSON.createArrayNode();
    for (Entry<String, Figure> e : models.entrySet()) {
      ObjectNode r = out.addObject();
      r.put("uncached_input_tokens", e.getValue().tokens().input());
      ObjectNode cc = r.putObject("cache_creation");
      cc.put("ephemeral_1h_input_tokens", 0);                         // the figure keeps both kinds together
      cc.put("ephemeral_5m_input_tokens", e.getValue().tokens().cacheWrite());
      r.put("cache_read_input_tokens", e.getValue().tokens().cacheRead());
      r.put("output_tokens", e.getValue().tokens().output());
      r.putObject("server_tool_use").put("web_search_requests", 0);
      r.putNull("api_key_id");
      r.putNull("workspace_id");
      r.put("model", e.getKey());
      r.putNull("service_tier");
      r.putNull("context_window");
      r.putNull("inference_geo");
    }
    return out;
  }

  /** Two cost items per model (its cost split in halves, as input and output token items), amounts in cents. */
  private static ArrayNode costResults(Map<String, Figure> models) {
    ArrayNode out = JSON.createArrayNode();
    for (Entry<String, Figure> e : models.entrySet()) {
      BigDecimal half = e.getValue().cost().divide(BigDecimal.valueOf(2));
      BigDecimal[] parts = {half, e.getValue().cost().subtract(half)};
      String[] types = {"uncached_input_tokens", "output_tokens"};
      for (int i = 0; i < 2; i++) {
        ObjectNode r = out.addObject();
        r.put("currency", "USD");
        r.put("amount", parts[i].movePointRight(2).toPlainString());
        r.putNull("workspace_id");
        r.put("description", e.getKey() + " Usage - " + types[i]);
        r.put("cost_type", "tokens");
        r.put("context_window", "0-200k");
        r.put("model", e.getKey());
        r.put("service_tier", "standard");
        r.put("token_type", types[i]);
        r.putNull("inference_geo");
      }
    }
    return out;
  }

  private static Answer claudeCode(Request r, ProviderTruth t) {
    LocalDate day = LocalDate.parse(r.query().get("starting_at"));
    List<Entry<String, java.util.TreeMap<String, Figure>>> users = new ArrayList<>(
        t.byUser.getOrDefault(day, new java.util.TreeMap<>()).entrySet());
    int index = r.query().containsKey("page") ? Integer.parseInt(decode(r.query().get("page"))) : 0;
    ObjectNode page = JSON.createObjectNode();
    ArrayNode data = page.putArray("data");
    if (index < users.size()) {
      Entry<String, java.util.TreeMap<String, Figure>> u = users.get(index);
      ObjectNode rec = data.addObject();
      rec.put("date", day + "T00:00:00Z");
      ObjectNode actor = rec.putObject("actor");
      actor.put("type", "user_actor");
      actor.put("email_address", u.getKey());
      rec.put("organization_id", "dc9f6c26-b22c-4831-8d01-0446bada88f1");
      rec.put("customer_type", "api");
      rec.put("terminal_type", "vscode");
      ObjectNode core = rec.putObject("core_metrics");
      core.put("num_sessions", 1);
      core.putObject("lines_of_code").put("added", 0).put("removed", 0);
      core.put("commits_by_claude_code", 0);
      core.put("pull_requests_by_claude_code", 0);
      rec.putObject("tool_actions");
      ArrayNode models = rec.putArray("model_breakdown");
      for (Entry<String, Figure> m : u.getValue().entrySet()) {
        ObjectNode mb = models.addObject();
        mb.put("model", m.getKey());
        ObjectNode tk = mb.putObject("tokens");
        tk.put("input", m.getValue().tokens().input());
        tk.put("output", m.getValue().tokens().output());
        tk.put("cache_read", m.getValue().tokens().cacheRead());
        tk.put("cache_creation", m.getValue().tokens().cacheWrite());
        ObjectNode cost = mb.putObject("estimated_cost");
        cost.put("currency", "USD");
        cost.put("amount", m.getValue().cost().movePointRight(2));
      }
    }
    boolean more = index + 1 < users.size();
    page.put("has_more", more);
    if (more) {
      page.put("next_page", encode(String.valueOf(index + 1)));
    } else {
      page.putNull("next_page");
    }
    return Answer.ok(page.toString());
  }

  private static Answer openAiBuckets(Request r, ProviderTruth t, boolean completions) {
    long start = Long.parseLong(r.query().get("start_time"));
    long end = Long.parseLong(r.query().get("end_time"));
    if (r.query().containsKey("page")) {
      start = Long.parseLong(decode(r.query().get("page")));
    }
    int limit = Math.min(Integer.parseInt(r.query().getOrDefault("limit", "7")), BUCKETS_PER_PAGE);
    ObjectNode page = JSON.createObjectNode();
    page.put("object", "page");
    ArrayNode data = page.putArray("data");
    long s = start;
    for (int n = 0; n < limit && s < end; n++, s += 86_400) {
      LocalDate day = Instant.ofEpochSecond(s).atZone(ZoneOffset.UTC).toLocalDate();
      ObjectNode b = data.addObject();
      b.put("object", "bucket");
      b.put("start_time", s);
      b.put("end_time", s + 86_400);
      ArrayNode results = b.putArray("results");
      for (Entry<String, Figure> e : t.day(day).entrySet()) {
        if (completions) {
          ObjectNode x = results.addObject();
          x.put("object", "organization.usage.completions.result");
          x.put("input_tokens", e.getValue().tokens().input() + e.getValue().tokens().cacheRead());
          x.put("output_tokens", e.getValue().tokens().output());
          x.put("input_cached_tokens", e.getValue().tokens().cacheRead());
          x.put("input_audio_tokens", 0);
          x.put("output_audio_tokens", 0);
          x.put("num_model_requests", 1);
          x.putNull("project_id");
          x.putNull("user_id");
          x.putNull("api_key_id");
          x.put("model", e.getKey());
          x.putNull("batch");
        } else {
          BigDecimal half = e.getValue().cost().divide(BigDecimal.valueOf(2));
          BigDecimal[] parts = {half, e.getValue().cost().subtract(half)};
          String[] kinds = {"input", "output"};
          for (int i = 0; i < 2; i++) {
            ObjectNode x = results.addObject();
            x.put("object", "organization.costs.result");
            x.putObject("amount").put("value", parts[i]).put("currency", "usd");
            x.put("line_item", e.getKey() + ", " + kinds[i]);
            x.putNull("project_id");
          }
        }
      }
    }
    boolean more = s < end;
    page.put("has_more", more);
    if (more) {
      page.put("next_page", encode(String.valueOf(s)));
    } else {
      page.putNull("next_page");
    }
    return Answer.ok(page.toString());
  }

  private static String encode(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String s) {
    return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
  }
}
