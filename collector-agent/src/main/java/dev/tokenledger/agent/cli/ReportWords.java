package dev.tokenledger.agent.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The plain command lines of the offline reports read without picocli (ADR 0231): {@code daily|monthly|session}
 * as the first word, then options from {@link LocalReportCommand}'s table, each once, each as its own word
 * ({@code --json}, {@code -j}, {@code --since 20260101}, {@code --since=20260101}, {@code -s 20260101}).
 * picocli's first use costs ~90 ms of a report's start-up (its ~130 classes, which the class-data archive
 * refuses, and its converters' set-up), more than the rest of the command line's work together.
 *
 * <p>Anything else — a root option, help or version, an unknown or repeated option, a clustered or attached
 * short option ({@code -jb}, {@code -s20260101}), a value that starts with {@code -} or {@code @} (an argument
 * file) or does not convert, {@code --}, a positional word, a {@code picocli.*} system property — is declined ({@code null}) and goes to picocli, which reads it or words its
 * error as before. A command line read here sets the command's fields exactly as picocli would:
 * {@code ReportWordsTest} checks it against picocli's own reading of the same words.
 */
public final class ReportWords {

  private ReportWords() {}

  /**
   * The report command the words name, its options set and {@code parent} its parent command (as picocli's
   * {@code @ParentCommand}); null when picocli must read them.
   */
  public static LocalReportCommand read(String[] words, AgentContext parent) {
    if (words.length == 0) {
      return null;
    }
    LocalReportCommand command = switch (words[0]) {
      case "daily" -> new LocalReportCommand.Daily();
      case "monthly" -> new LocalReportCommand.Monthly();
      case "session" -> new LocalReportCommand.Session();
      default -> null;
    };
    if (command == null || picocliSettings()) {
      return null;
    }
    command.main = parent;
    // picocli's defaults (defaultValue in the options' annotations)
    command.offline = true;
    command.order = "asc";
    Set<String> seen = new HashSet<>();
    for (int i = 1; i < words.length; i++) {
      String word = words[i];
      String name = word;
      String value = null;
      int eq = word.indexOf('=');
      if (word.startsWith("--") && eq > 2) {
        name = word.substring(0, eq);
        value = word.substring(eq + 1);
      }
      Option option = Option.named(name);
      if (option == null || !seen.add(option.name())) {
        return null; // not an option of the reports, or a second time (picocli refuses that)
      }
      if (option.flag) {
        if (value != null) {
          return null; // --json=…: picocli's reading
        }
        set(command, option, null);
        continue;
      }
      if (value == null) {
        if (i + 1 >= words.length) {
          return null; // a missing value: picocli's error
        }
        value = words[++i];
      }
      if (value.startsWith("-") || value.startsWith("@") || !set(command, option, value)) { // @: picocli's argument file
        return null;
      }
    }
    return command;
  }

  /** A {@code picocli.*} system property (argument files, quote trimming, tracing) changes picocli's reading: picocli reads. */
  private static boolean picocliSettings() {
    for (String name : System.getProperties().stringPropertyNames()) {
      if (name.startsWith("picocli.")) {
        return true;
      }
    }
    return false;
  }

  /** The reports' options: the long name picocli reports them by, the short one, whether it takes no value. */
  enum Option {
    OFFLINE("--offline", null, true),
    PRICES("--prices", null, false),
    SINCE("--since", "-s", false),
    UNTIL("--until", "-u", false),
    TIMEZONE("--timezone", "-z", false),
    JSON("--json", "-j", true),
    BREAKDOWN("--breakdown", "-b", true),
    ORDER("--order", "-o", false),
    COMPACT("--compact", null, true),
    WIDTH("--width", null, false),
    THREADS("--threads", null, false);

    final String longName;
    final String shortName;
    final boolean flag;

    Option(String longName, String shortName, boolean flag) {
      this.longName = longName;
      this.shortName = shortName;
      this.flag = flag;
    }

    static Option named(String word) {
      for (Option o : values()) {
        if (word.equals(o.longName) || word.equals(o.shortName)) {
          return o;
        }
      }
      return null;
    }
  }

  /** Sets the option's field as picocli's converter would; false when the value does not convert (picocli's error). */
  private static boolean set(LocalReportCommand c, Option option, String value) {
    switch (option) {
      case OFFLINE -> c.offline = true;
      case JSON -> c.json = true;
      case BREAKDOWN -> c.breakdown = true;
      case COMPACT -> c.compact = true;
      case PRICES -> {
        try {
          c.prices = Path.of(value);
        } catch (InvalidPathException e) {
          return false;
        }
      }
      case SINCE -> c.since = value;
      case UNTIL -> c.until = value;
      case TIMEZONE -> c.timezone = value;
      case ORDER -> c.order = value;
      case WIDTH, THREADS -> {
        Integer n;
        try {
          n = Integer.valueOf(value); // picocli's converter for Integer
        } catch (NumberFormatException e) {
          return false;
        }
        if (option == Option.WIDTH) {
          c.width = n;
        } else {
          c.threads = n;
        }
      }
    }
    return true;
  }
}
