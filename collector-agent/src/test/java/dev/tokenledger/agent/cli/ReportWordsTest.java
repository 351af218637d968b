package dev.tokenledger.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.agent.AgentMain;
import dev.tokenledger.agent.Sources;
import dev.tokenledger.agent.source.SourceEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** {@link ReportWords} reads a command line as picocli does, or leaves it to picocli. */
class ReportWordsTest {

  private static final Map<String, Class<? extends LocalReportCommand>> COMMANDS = Map.of(
      "daily", LocalReportCommand.Daily.class,
      "monthly", LocalReportCommand.Monthly.class,
      "session", LocalReportCommand.Session.class);

  private final AgentMain parent = new AgentMain(Sources::all, new SourceEnvironment(Map.of(), Path.of("/nonexistent")),
      Clock.systemUTC(), new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));

  @Test
  void itsOptionTableIsTheReportCommandsOwn() {
    for (Class<? extends LocalReportCommand> type : COMMANDS.values()) {
      Set<String> picocli = new TreeSet<>();
      for (OptionSpec o : new CommandLine(type).getCommandSpec().options()) {
        if (o.usageHelp() || o.versionHelp()) {
          continue;
        }
        picocli.add(String.join(",", new TreeSet<>(Arrays.asList(o.names()))) + (o.arity().max() == 0 ? " flag" : " value"));
      }
      Set<String> table = new TreeSet<>();
      for (ReportWords.Option o : ReportWords.Option.values()) {
        Set<String> names = new TreeSet<>();
        names.add(o.longName);
        if (o.shortName != null) {
          names.add(o.shortName);
        }
        table.add(String.join(",", names) + (o.flag ? " flag" : " value"));
      }
      assertThat(table).as(type.getSimpleName()).isEqualTo(picocli);
    }
  }

  /** Every plain command line is read here, and to the same fields as picocli reads it. */
  @Test
  void plainCommandLinesAreReadAsPicocliReadsThem() throws Exception {
    Random random = new Random(20261208);
    for (int n = 0; n < 4000; n++) {
      String[] words = plain(random);
      LocalReportCommand fast = ReportWords.read(words, parent);
      assertThat(fast).as(String.join(" ", words)).isNotNull();
      assertThat(fields(fast)).as(String.join(" ", words)).isEqualTo(fields(picocli(words)));
    }
  }

  /** Anything else is either left to picocli or read to the same fields; nothing picocli refuses is read here. */
  @Test
  void otherCommandLinesAreLeftToPicocliOrReadTheSame() throws Exception {
    Random random = new Random(7);
    int declined = 0;
    for (int n = 0; n < 6000; n++) {
      String[] words = noisy(random);
      LocalReportCommand fast = ReportWords.read(words, parent);
      LocalReportCommand slow;
      try {
        slow = picocli(words);
      } catch (CommandLine.ParameterException e) {
        assertThat(fast).as("picocli refuses %s (%s)", String.join(" ", words), e.getMessage()).isNull();
        continue;
      }
      if (fast == null) {
        declined++;
      } else {
        assertThat(fields(fast)).as(String.join(" ", words)).isEqualTo(fields(slow));
      }
    }
    assertThat(declined).as("some lines picocli reads are left to it (help, clusters, attached values)").isPositive();
  }

  @Test
  void whatIsLeftToPicocli() {
    for (String line : List.of("", "run", "--config x.toml daily", "--validate daily", "daily --help", "daily -h",
        "daily -V", "daily --version", "daily -jb", "daily -s20260101", "daily --json=true", "daily --json --json",
        "daily --since 1 --since 2", "daily --", "daily extra", "daily --since", "daily --width abc",
        "daily --threads -1", "daily --since -x", "daily --since @args.txt", "daily -z @@x", "daily --unknown", "daily --prices \u0000bad", "Daily --json")) {
      String[] words = line.isEmpty() ? new String[0] : line.split(" ");
      assertThat(ReportWords.read(words, parent)).as(line).isNull();
    }
  }

  @Test
  void theParentIsSetAsPicocliSetsIt() {
    assertThat(ReportWords.read(new String[] {"daily", "--json"}, parent).main).isSameAs(parent);
  }

  /** The command picocli's tree for these words (the root and the one subcommand, as the agent builds it) runs. */
  private LocalReportCommand picocli(String[] words) {
    CommandLine root = new CommandLine(parent);
    root.addSubcommand(words[0], COMMANDS.get(words[0]));
    CommandLine.ParseResult result = root.parseArgs(words);
    if (result.subcommand() == null) {
      throw new CommandLine.ParameterException(root, "no subcommand");
    }
    if (result.subcommand().isUsageHelpRequested() || result.subcommand().isVersionHelpRequested()) {
      throw new CommandLine.ParameterException(root, "help");
    }
    return (LocalReportCommand) result.subcommand().commandSpec().userObject();
  }

  /** Every field of the command (its options and its parent), by name. */
  private static Map<String, Object> fields(LocalReportCommand c) throws IllegalAccessException {
    Map<String, Object> values = new java.util.TreeMap<>();
    for (Field f : LocalReportCommand.class.getDeclaredFields()) {
      if (java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
        continue;
      }
      f.setAccessible(true);
      values.put(f.getName(), String.valueOf(f.get(c)) + (f.getName().equals("main") ? "@" + System.identityHashCode(f.get(c)) : ""));
    }
    values.put("class", c.getClass().getName());
    return values;
  }

  private static final String[] VALUES = {"20260101", "2026-01-31", "asc", "desc", "DESC", "Europe/Paris", "UTC",
      "x=y", "a b", "0", "1", "+7", "120", "2147483647", "prices.json", "/tmp/p.json", "", "é", "=", "null"};

  private static String[] plain(Random random) {
    List<String> words = new ArrayList<>();
    words.add(List.copyOf(COMMANDS.keySet()).get(random.nextInt(COMMANDS.size())));
    List<ReportWords.Option> options = new ArrayList<>(Arrays.asList(ReportWords.Option.values()));
    Collections.shuffle(options, random);
    for (ReportWords.Option o : options.subList(0, random.nextInt(options.size() + 1))) {
      String name = o.shortName != null && random.nextBoolean() ? o.shortName : o.longName;
      if (o.flag) {
        words.add(name);
        continue;
      }
      String value = value(o, random);
      if (name.startsWith("--") && random.nextBoolean()) {
        words.add(name + "=" + value);
      } else {
        words.add(name);
        words.add(value);
      }
    }
    return words.toArray(new String[0]);
  }

  /** A value picocli converts for the option (a number for the numeric ones; no leading '-'). */
  private static String value(ReportWords.Option o, Random random) {
    if (o == ReportWords.Option.WIDTH || o == ReportWords.Option.THREADS) {
      return String.valueOf(new String[] {"0", "1", "+7", "120", "2147483647", "00042"}[random.nextInt(6)]);
    }
    String v = VALUES[random.nextInt(VALUES.length)];
    return o == ReportWords.Option.PRICES && v.isEmpty() ? "p.json" : v;
  }

  private static String[] noisy(Random random) {
    List<String> words = new ArrayList<>(Arrays.asList(plain(random)));
    int changes = 1 + random.nextInt(3);
    String[] noise = {"--json", "-j", "-jb", "-bj", "-s20260101", "-o", "desc", "--", "extra", "-h", "--help", "-V",
        "--offline", "--offline=false", "--offline=true", "--json=false", "--width", "abc", "-5", "--since=",
        "--order=", "--threads=-2", "--unknown", "-x", "--SINCE", "-S", "--prices", "--compact", "-z", "-u=1"};
    for (int k = 0; k < changes; k++) {
      int at = 1 + random.nextInt(words.size());
      words.add(at, noise[random.nextInt(noise.length)]);
    }
    return words.toArray(new String[0]);
  }

  @Test
  void theGeneratorsCoverEveryOptionInEveryForm() {
    Random random = new Random(1);
    Set<String> forms = new HashSet<>();
    for (int n = 0; n < 2000; n++) {
      for (String w : plain(random)) {
        if (w.startsWith("-")) {
          forms.add(w.contains("=") ? w.substring(0, w.indexOf('=') + 1) : w);
        }
      }
    }
    for (ReportWords.Option o : ReportWords.Option.values()) {
      assertThat(forms).contains(o.longName);
      if (o.shortName != null) {
        assertThat(forms).contains(o.shortName);
      }
      if (!o.flag) {
        assertThat(forms).contains(o.longName + "=");
      }
    }
  }
}
