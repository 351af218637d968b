package dev.tokenledger.api.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code api tokens create|list|revoke}: the organisation's API tokens. */
@Command(name = "tokens", mixinStandardHelpOptions = true,
    description = "Issue, list and revoke API tokens (stored hashed in the warehouse's api_tokens table).",
    subcommands = {TokensCreateCommand.class, TokensListCommand.class, TokensRevokeCommand.class})
public final class TokensCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
