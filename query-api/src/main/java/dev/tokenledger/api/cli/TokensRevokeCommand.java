package dev.tokenledger.api.cli;

import dev.tokenledger.api.auth.ApiToken;
import dev.tokenledger.api.config.ApiSettings;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Revokes an API token. */
@Command(name = "revoke", mixinStandardHelpOptions = true,
    description = "Revoke an API token; servers that cached it stop accepting it within auth.token_cache (default 30s).")
public final class TokensRevokeCommand extends ApiCommand {

  @Option(names = "--org", required = true, description = "Organisation id.") String org;
  @Parameters(paramLabel = "ID", description = "The token id (the part after tlk_).") String id;

  @Override
  int run(ApiSettings settings) {
    Optional<ApiToken> revoked = TokenAdmin.store(settings).revoke(org, id, Instant.now());
    if (revoked.isEmpty()) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("tokens revoke: organisation " + org + " has no token " + id);
      err.flush();
      return 1;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("revoked " + id + " at " + revoked.get().revoked().orElseThrow());
    out.flush();
    return 0;
  }
}
