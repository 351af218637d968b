package dev.tokenledger.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tokenledger.api.auth.ApiToken;
import dev.tokenledger.api.auth.ApiTokenStore;
import dev.tokenledger.api.auth.IssuedToken;
import dev.tokenledger.api.auth.Role;
import dev.tokenledger.api.auth.TokenIssuer;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The admin's token routes, always within the admin's own organisation: {@code GET /v1/tokens} lists
 * them (never a secret), {@code POST /v1/tokens} issues one and shows its plaintext once,
 * {@code DELETE /v1/tokens/{id}} revokes one.
 */
final class TokensEndpoints {

  private static final List<String> CREATE_FIELDS = List.of("user", "email", "teams", "role", "label", "expires_in_days");
  private static final int MAX_TEXT = 256;

  private final ApiTokenStore store;
  private final TokenIssuer issuer;
  private final Clock clock;

  TokensEndpoints(ApiTokenStore store, TokenIssuer issuer, Clock clock) {
    this.store = store;
    this.issuer = issuer;
    this.clock = clock;
  }

  Answer list(ApiRequest request) {
    new Params(request.params(), List.of("format"));
    List<List<Object>> rows = new ArrayList<>();
    for (ApiToken t : store.list(request.caller().orgId())) {
      rows.add(values(t));
    }
    return new Answer(meta(request), columns(), rows, null);
  }

  Answer create(ApiRequest request) {
    new Params(request.params(), List.of("format"));
    JsonNode body;
    try {
      body = AnswerWriter.JSON.readTree(request.ctx().bodyAsBytes());
    } catch (IOException e) {
      throw new IllegalArgumentException("body: not JSON: send {\"user\": \"...\", \"role\": \"developer\", ...}");
    }
    if (body == null || !body.isObject()) {
      throw new IllegalArgumentException("body: a JSON object with " + String.join(", ", CREATE_FIELDS));
    }
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!CREATE_FIELDS.contains(f)) {
        throw new IllegalArgumentException(Params.abbreviate(f) + ": unknown field (known: " + String.join(", ", CREATE_FIELDS) + ")");
      }
    }
    String user = text(body, "user", true);
    Role role;
    try {
      role = Role.parse(text(body, "role", true));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("role: " + e.getMessage());
    }
    Set<String> teams = new LinkedHashSet<>();
    JsonNode t = body.get("teams");
    if (t != null && !t.isNull()) {
      if (!t.isArray() || t.size() > 100) {
        throw new IllegalArgumentException("teams: an array of at most 100 team names");
      }
      t.forEach(v -> {
        if (!v.isTextual() || v.asText().isBlank() || v.asText().length() > MAX_TEXT) {
          throw new IllegalArgumentException("teams: each a non-empty string of at most " + MAX_TEXT + " characters");
        }
        teams.add(v.asText());
      });
    }
    if (role == Role.MANAGER && teams.isEmpty()) {
      throw new IllegalArgumentException("teams: a manager's token needs at least one team");
    }
    Optional<Duration> lifetime = Optional.empty();
    JsonNode days = body.get("expires_in_days");
    if (days != null && !days.isNull()) {
      if (!days.canConvertToInt() || !days.isIntegralNumber() || days.asInt() < 1 || days.asInt() > 3650) {
        throw new IllegalArgumentException("expires_in_days: a whole number of days, 1..3650");
      }
      lifetime = Optional.of(Duration.ofDays(days.asInt()));
    }
    IssuedToken issued = issuer.issue(request.caller().orgId(), user, text(body, "email", false), teams, role,
        text(body, "label", false), request.caller().userId(), lifetime);
    ObjectNode meta = meta(request);
    meta.put("token", issued.plaintext());
    meta.put("warning", "the token is shown once: store it now; only its hash is kept");
    return new Answer(meta, columns(), List.of(values(issued.token())), null);
  }

  Answer revoke(ApiRequest request) {
    new Params(request.params(), List.of("format"));
    String id = request.pathParam("id");
    ApiToken revoked = store.revoke(request.caller().orgId(), id, clock.instant())
        .orElseThrow(() -> ApiException.notFound("no token '" + Params.abbreviate(id) + "' in your organisation"));
    return new Answer(meta(request), columns(), List.of(values(revoked)), null);
  }

  private static ObjectNode meta(ApiRequest request) {
    return AnswerWriter.JSON.createObjectNode().put("query_id", request.queryId().value());
  }

  private static List<Column> columns() {
    return List.of(Column.text("id"), Column.text("org"), Column.text("user"), Column.text("email"), Column.text("role"),
        Column.text("teams"), Column.text("label"), Column.time("created"), Column.text("created_by"), Column.time("expires"),
        Column.time("revoked"));
  }

  private static List<Object> values(ApiToken t) {
    List<Object> v = new ArrayList<>();
    v.add(t.id());
    v.add(t.orgId());
    v.add(t.userId());
    v.add(t.email());
    v.add(t.role().wireName());
    v.add(String.join(" ", new TreeSet<>(t.teams())));
    v.add(t.label());
    v.add(t.created().toString());
    v.add(t.createdBy());
    v.add(t.expires().map(Object::toString).orElse(null));
    v.add(t.revoked().map(Object::toString).orElse(null));
    return v;
  }

  private static String text(JsonNode body, String field, boolean required) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new IllegalArgumentException(field + ": required");
      }
      return "";
    }
    if (!v.isTextual() || (required && v.asText().isBlank()) || v.asText().length() > MAX_TEXT) {
      throw new IllegalArgumentException(field + ": a " + (required ? "non-empty " : "") + "string of at most " + MAX_TEXT + " characters");
    }
    return v.asText();
  }
}
