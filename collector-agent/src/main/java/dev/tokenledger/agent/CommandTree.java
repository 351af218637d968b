package dev.tokenledger.agent;

import dev.tokenledger.agent.cli.BackfillCommand;
import dev.tokenledger.agent.cli.BudgetCommand;
import dev.tokenledger.agent.cli.DoctorCommand;
import dev.tokenledger.agent.cli.InstallCommand;
import dev.tokenledger.agent.cli.InventoryCommand;
import dev.tokenledger.agent.cli.LocalReportCommand;
import dev.tokenledger.agent.cli.LogCommand;
import dev.tokenledger.agent.cli.ReceiveCommand;
import dev.tokenledger.agent.cli.ReportCommand;
import dev.tokenledger.agent.cli.RunCommand;
import dev.tokenledger.agent.cli.StatusCommand;
import dev.tokenledger.agent.cli.UninstallCommand;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * The agent's command tree, built for the words at hand (ADR 0146). picocli reads every command's annotations,
 * options and field types when a command is added — for the whole tree ~0.2 CPU s of a one-off report's start.
 * When the first word after the root's own options names a subcommand, only that subcommand is added: the words
 * are parsed by picocli exactly as with the whole tree (the same command, options, help and errors). Anything else
 * — no word, {@code --help}, {@code --version}, an unknown word or option, {@code --} — gets the whole tree, so
 * the root's usage, its subcommand list and picocli's suggestions are unchanged.
 */
final class CommandTree {

  /** Every subcommand by its name, in the order the root's usage lists them. */
  static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

  private CommandTree() {}

  private static Map<String, Class<?>> subcommands() {
    Map<String, Class<?>> m = new LinkedHashMap<>();
    m.put("backfill", BackfillCommand.class);
    m.put("run", RunCommand.class);
    m.put("status", StatusCommand.class);
    m.put("log", LogCommand.class);
    m.put("doctor", DoctorCommand.class);
    m.put("budget", BudgetCommand.class);
    m.put("report", ReportCommand.class);
    m.put("inventory", InventoryCommand.class);
    m.put("install", InstallCommand.class);
    m.put("uninstall", UninstallCommand.class);
    m.put("receive", ReceiveCommand.class);
    m.put("daily", LocalReportCommand.Daily.class);
    m.put("monthly", LocalReportCommand.Monthly.class);
    m.put("session", LocalReportCommand.Session.class);
    return m;
  }

  /** The root with every subcommand. */
  static CommandLine full(AgentMain main) {
    CommandLine cl = new CommandLine(main);
    SUBCOMMANDS.forEach((name, type) -> cl.addSubcommand(name, type));
    return cl;
  }

  /**
   * The root with only the subcommand the words name, or with every subcommand when they name none. An offline
   * report's work that does not depend on its options starts here, on another core, while picocli builds and parses.
   */
  static CommandLine forWords(AgentMain main, String[] args) {
    String name = subcommandNamed(args);
    if (name == null) {
      return full(main);
    }
    Class<?> type = SUBCOMMANDS.get(name);
    if (LocalReportCommand.class.isAssignableFrom(type)) {
      LocalReportCommand.startEarly(args);
    }
    CommandLine cl = new CommandLine(main);
    cl.addSubcommand(name, type);
    return cl;
  }

  /**
   * The subcommand the first word after the root's options names, or null: the root's options are
   * {@code --config FILE}, {@code --state-dir DIR} (also with {@code =}) and {@code --validate}; any other option
   * before the word (help, version, a mistake), or a value of those two that looks like an option or a subcommand,
   * means null.
   */
  static String subcommandNamed(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--config") || a.equals("--state-dir")) {
        i++;
        if (i < args.length && (args[i].startsWith("-") || SUBCOMMANDS.containsKey(args[i]))) {
          return null; // picocli decides whether that word is the value: as it decides with the whole tree
        }
      } else if (a.startsWith("--config=") || a.startsWith("--state-dir=") || a.equals("--validate")) {
        continue;
      } else {
        return SUBCOMMANDS.containsKey(a) ? a : null;
      }
    }
    return null;
  }
}
