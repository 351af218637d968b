package dev.tokenledger.api.config;

import dev.tokenledger.api.auth.oidc.OidcSettings;
import java.time.Duration;
import java.util.Optional;

/**
 * How callers authenticate.
 *
 * @param tokenCache how long an API token found valid is trusted without reading the store again; a
 *     revocation takes effect within this time
 * @param oidc the identity provider whose ID tokens are accepted; empty = API tokens only
 */
public record AuthSettings(Duration tokenCache, Optional<OidcSettings> oidc) {}
