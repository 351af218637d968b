package dev.tokenledger.api.cli;

import dev.tokenledger.api.auth.IssuedToken;
import dev.tokenledger.api.auth.Role;
import dev.tokenledger.api.auth.TokenIssuer;
import dev.tokenledger.api.auth.TokenSecrets;
import dev.tokenledger.api.config.ApiSettings;
import dev.tokenledger.settings.Durations;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Issues an API token and prints it once. */
@Command(name = "create", mixinStandardHelpOptions = true,
    description = "Issue an API token; it is printed once on stdout and only its SHA-256 is stored.")
public final class TokensCreateCommand extends ApiCommand {

  @Option(names = "--org", required = true, description = "Organisation id.") String org;
  @Option(names = "--user", required = true, description = "User id, as the agents write it into user_id.") String user;
  @Option(names = "--email", description = "The user's e-mail.") String email = "";
  @Option(names = "--team", paramLabel = "TEAM", description = "A team the token's manager sees (repeatable).") List<String> teams = List.of();
  @Option(names = "--role", required = true, description = "developer, manager, finance or admin.") String role;
  @Option(names = "--label", description = "What the token is for.") String label = "";
  @Option(names = "--expires", paramLabel = "DURATION", description = "Lifetime such as 90d (default: never expires).") String expires;

  @Override
  int run(ApiSettings settings) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Role r;
    Optional<Duration> lifetime;
    try {
      r = Role.parse(role);
      lifetime = expires == null ? Optional.empty() : Optional.of(Durations.parse(expires));
      if (lifetime.isPresent() && (lifetime.get().isNegative() || lifetime.get().isZero())) {
        throw new IllegalArgumentException("--expires must be positive");
      }
      if (r == Role.MANAGER && teams.isEmpty()) {
        throw new IllegalArgumentException("a manager needs at least one --team");
      }
    } catch (IllegalArgumentException e) {
      err.println("tokens create: " + e.getMessage());
      err.flush();
      return 2;
    }
    TokenIssuer issuer = new TokenIssuer(TokenAdmin.store(settings), new TokenSecrets(), Clock.systemUTC());
    IssuedToken issued = issuer.issue(org, user, email, new LinkedHashSet<>(teams), r, label,
        "cli:" + System.getProperty("user.name", "unknown"), lifetime);
    err.println("tokens create: token " + issued.token().id() + " for " + user + " (" + r.wireName()
        + ") issued; it is shown only this once, store it now:");
    err.flush();
    out.println(issued.plaintext());
    out.flush();
    return 0;
  }
}
