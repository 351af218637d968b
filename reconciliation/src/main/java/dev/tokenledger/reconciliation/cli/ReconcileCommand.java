package dev.tokenledger.reconciliation.cli;

import picocli.CommandLine.Command;

/** {@code reconcile}: the providers' own reports against the ledger (docs/reconciliation.md). */
@Command(name = "reconcile", mixinStandardHelpOptions = true,
    description = "Reconciliation of the ledger with the providers' own usage and cost reports.",
    subcommands = {ImportCommand.class, ShowCommand.class})
public final class ReconcileCommand implements Runnable {

  @Override
  public void run() {
    throw new IllegalArgumentException("name a command: import or show (try --help)");
  }
}
