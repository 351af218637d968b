package dev.tokenledger.api.clickhouse;

import static dev.tokenledger.warehouse.ApiTokensTable.CREATED_BY;
import static dev.tokenledger.warehouse.ApiTokensTable.CREATED_TIME;
import static dev.tokenledger.warehouse.ApiTokensTable.EXPIRES_TIME;
import static dev.tokenledger.warehouse.ApiTokensTable.LABEL;
import static dev.tokenledger.warehouse.ApiTokensTable.ORG_ID;
import static dev.tokenledger.warehouse.ApiTokensTable.REVOKED_TIME;
import static dev.tokenledger.warehouse.ApiTokensTable.ROLE;
import static dev.tokenledger.warehouse.ApiTokensTable.SECRET_SHA256;
import static dev.tokenledger.warehouse.ApiTokensTable.TEAMS;
import static dev.tokenledger.warehouse.ApiTokensTable.TOKEN_ID;
import static dev.tokenledger.warehouse.ApiTokensTable.USER_EMAIL;
import static dev.tokenledger.warehouse.ApiTokensTable.USER_ID;
import static dev.tokenledger.warehouse.ApiTokensTable.VERSION;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenledger.api.auth.ApiToken;
import dev.tokenledger.api.auth.ApiTokenStore;
import dev.tokenledger.api.auth.Role;
import dev.tokenledger.api.auth.TokenStoreException;
import dev.tokenledger.warehouse.ApiTokensTable;
import dev.tokenledger.warehouse.clickhouse.ClickHouseClient;
import dev.tokenledger.warehouse.clickhouse.ClickHouseException;
import dev.tokenledger.warehouse.clickhouse.Column;
import dev.tokenledger.warehouse.clickhouse.SqlLiteral;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@link ApiTokenStore} over the warehouse's {@code api_tokens} table (migration V005). Rows are read with
 * {@code FINAL}; revoking inserts a new version of the row with {@code revoked_time} set, never an
 * {@code ALTER}. Values reach the SQL only through {@link SqlLiteral}. Writing needs a client whose
 * session is not read-only.
 */
public final class ClickHouseApiTokenStore implements ApiTokenStore {

  private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ClickHouseClient client;

  public ClickHouseApiTokenStore(ClickHouseClient client) {
    this.client = client;
  }

  @Override
  public void create(ApiToken token) {
    insert(token, 1);
  }

  @Override
  public List<ApiToken> list(String orgId) {
    return select(ORG_ID.name() + " = " + SqlLiteral.quote(orgId)).stream().map(Versioned::token).toList();
  }

  @Override
  public Optional<ApiToken> revoke(String orgId, String tokenId, Instant at) {
    Optional<Versioned> current = select(ORG_ID.name() + " = " + SqlLiteral.quote(orgId) + " AND " + TOKEN_ID.name() + " = "
        + SqlLiteral.quote(tokenId)).stream().findFirst();
    if (current.isEmpty() || current.get().token().revoked().isPresent()) {
      return current.map(Versioned::token);
    }
    ApiToken revoked = current.get().token().revokedAt(at);
    insert(revoked, current.get().version() + 1);
    return Optional.of(revoked);
  }

  @Override
  public Optional<ApiToken> find(String tokenId) {
    return select(TOKEN_ID.name() + " = " + SqlLiteral.quote(tokenId)).stream().findFirst().map(Versioned::token);
  }

  private record Versioned(ApiToken token, long version) {}

  private void insert(ApiToken t, long version) {
    List<String> values = List.of(SqlLiteral.quote(t.id()), SqlLiteral.quote(t.orgId()), SqlLiteral.quote(t.secretSha256()),
        SqlLiteral.quote(t.userId()), SqlLiteral.quote(t.email()),
        new TreeSet<>(t.teams()).stream().map(SqlLiteral::quote).collect(Collectors.joining(", ", "[", "]")),
        SqlLiteral.quote(t.role().wireName()), SqlLiteral.quote(t.label()), time(t.created()), SqlLiteral.quote(t.createdBy()),
        time(t.expires().orElse(Instant.EPOCH)), time(t.revoked().orElse(Instant.EPOCH)), Long.toString(version));
    String sql = "INSERT INTO " + ApiTokensTable.NAME + " ("
        + ApiTokensTable.TABLE.columns().stream().map(Column::name).collect(Collectors.joining(", "))
        + ") VALUES (" + String.join(", ", values) + ")";
    try {
      client.execute(sql);
    } catch (ClickHouseException e) {
      throw new TokenStoreException("cannot write API token " + t.id() + ": " + e.getMessage(), e);
    }
  }

  private List<Versioned> select(String where) {
    String sql = "SELECT " + String.join(", ", TOKEN_ID.name(), ORG_ID.name(), SECRET_SHA256.name(), USER_ID.name(),
        USER_EMAIL.name(), TEAMS.name(), ROLE.name(), LABEL.name(), CREATED_BY.name(), VERSION.name())
        + ", toUInt32(" + CREATED_TIME.name() + ") AS created_s, toUInt32(" + EXPIRES_TIME.name() + ") AS expires_s"
        + ", toUInt32(" + REVOKED_TIME.name() + ") AS revoked_s"
        + " FROM " + ApiTokensTable.NAME + " FINAL WHERE " + where
        + " ORDER BY " + CREATED_TIME.name() + ", " + TOKEN_ID.name() + " FORMAT JSONEachRow";
    String body;
    try {
      body = client.query(sql);
    } catch (ClickHouseException e) {
      throw new TokenStoreException("cannot read API tokens: " + e.getMessage(), e);
    }
    List<Versioned> out = new ArrayList<>();
    for (String line : body.split("\n")) {
      if (!line.isBlank()) {
        out.add(row(line));
      }
    }
    return out;
  }

  private static Versioned row(String line) {
    try {
      JsonNode r = JSON.readTree(line);
      List<String> teams = new ArrayList<>();
      r.path(TEAMS.name()).forEach(t -> teams.add(t.asText()));
      ApiToken token = new ApiToken(r.path(TOKEN_ID.name()).asText(), r.path(ORG_ID.name()).asText(),
          r.path(SECRET_SHA256.name()).asText(), r.path(USER_ID.name()).asText(), r.path(USER_EMAIL.name()).asText(),
          new TreeSet<>(teams), Role.parse(r.path(ROLE.name()).asText()), r.path(LABEL.name()).asText(),
          Instant.ofEpochSecond(r.path("created_s").asLong()), r.path(CREATED_BY.name()).asText(),
          instantOrNever(r.path("expires_s").asLong()), instantOrNever(r.path("revoked_s").asLong()));
      return new Versioned(token, r.path(VERSION.name()).asLong());
    } catch (IOException | IllegalArgumentException e) {
      throw new TokenStoreException("unreadable api_tokens row: " + e.getMessage(), e);
    }
  }

  private static Optional<Instant> instantOrNever(long epochSeconds) {
    return epochSeconds == 0 ? Optional.empty() : Optional.of(Instant.ofEpochSecond(epochSeconds));
  }

  private static String time(Instant t) {
    return SqlLiteral.quote(DATE_TIME.format(t));
  }
}
