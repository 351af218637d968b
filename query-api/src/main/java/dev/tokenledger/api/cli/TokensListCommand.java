package dev.tokenledger.api.cli;

import dev.tokenledger.api.auth.ApiToken;
import dev.tokenledger.api.config.ApiSettings;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Lists an organisation's API tokens, never their secrets. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List an organisation's API tokens (no secrets).")
public final class TokensListCommand extends ApiCommand {

  @Option(names = "--org", required = true, description = "Organisation id.") String org;

  @Override
  int run(ApiSettings settings) {
    List<ApiToken> tokens = TokenAdmin.store(settings).list(org);
    PrintWriter out = spec.commandLine().getOut();
    String format = "%-12s  %-24s  %-9s  %-24s  %-20s  %-20s  %-20s  %s%n";
    out.printf(format, "id", "user", "role", "teams", "label", "created", "expires", "revoked");
    for (ApiToken t : tokens) {
      out.printf(format, t.id(), t.userId(), t.role().wireName(), String.join(",", new TreeSet<>(t.teams())), t.label(),
          t.created(), time(t.expires(), "never"), time(t.revoked(), "-"));
    }
    out.flush();
    return 0;
  }

  private static String time(Optional<Instant> t, String none) {
    return t.map(Instant::toString).orElse(none);
  }
}
