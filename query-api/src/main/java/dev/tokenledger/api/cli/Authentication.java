package dev.tokenledger.api.cli;

import dev.tokenledger.api.auth.ApiTokenStore;
import dev.tokenledger.api.auth.Authenticator;
import dev.tokenledger.api.auth.BearerAuthenticator;
import dev.tokenledger.api.auth.TokenAuthenticator;
import dev.tokenledger.api.auth.oidc.OidcAuthenticator;
import dev.tokenledger.api.clickhouse.ClickHouseApiTokenStore;
import dev.tokenledger.api.config.AuthSettings;
import dev.tokenledger.warehouse.clickhouse.ClickHouseClient;
import java.time.Clock;

/**
 * The API's authentication wired from its settings: the one {@link Authenticator} requests go through
 * (API tokens from the warehouse, plus OIDC ID tokens when {@code oidc.issuer} is set), and the token
 * store itself for the admin endpoints that issue, list and revoke tokens.
 *
 * @param authenticator the composite authenticator ({@link BearerAuthenticator})
 * @param tokens the API token store (ClickHouse {@code api_tokens})
 */
public record Authentication(Authenticator authenticator, ApiTokenStore tokens) {

  /**
   * Wires authentication over {@code client}. Authenticating only reads; issuing and revoking tokens
   * write, so admin endpoints need a client whose session is not read-only.
   */
  public static Authentication from(AuthSettings settings, ClickHouseClient client, Clock clock) {
    ApiTokenStore store = new ClickHouseApiTokenStore(client);
    Authenticator tokens = new TokenAuthenticator(store, clock, settings.tokenCache());
    return new Authentication(new BearerAuthenticator(tokens, settings.oidc().map(OidcAuthenticator::new)), store);
  }
}
