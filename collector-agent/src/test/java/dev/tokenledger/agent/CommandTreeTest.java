package dev.tokenledger.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.agent.source.SourceEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command tree built for the words at hand prints and exits exactly as the whole tree does (ADR 0146). */
class CommandTreeTest {

  @TempDir
  Path home;

  record Outcome(int code, String out, String err) {}

  private Outcome run(boolean lazy, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> env = new HashMap<>();
    env.put("TOKENLEDGER_AGENT_STATE_DIR", home.resolve("state").toString());
    env.put("TOKENLEDGER_BOOTSTRAP_SERVERS", "127.0.0.1:1");
    env.put("TOKENLEDGER_AGENT_INTAKE_PORT", "0");
    int code = AgentMain.execute(args, List::of, new SourceEnvironment(env, home),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), lazy);
    return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private void sameAsTheWholeTree(String... args) {
    Outcome whole = run(false, args);
    assertThat(run(true, args)).as(String.join(" ", args)).isEqualTo(whole);
  }

  @Test
  void theTableNamesEveryCommandByItsAnnotatedName() {
    CommandTree.SUBCOMMANDS.forEach((name, type) ->
        assertThat(type.getAnnotation(Command.class).name()).as(type.getName()).isEqualTo(name));
    AgentMain main = new AgentMain(List::of, new SourceEnvironment(Map.of(), home), java.time.Clock.systemUTC(),
        System.out, System.err);
    assertThat(CommandTree.full(main).getSubcommands().keySet()).containsExactlyElementsOf(CommandTree.SUBCOMMANDS.keySet());
  }

  @Test
  void theNamedSubcommandAloneIsBuiltWhenTheFirstWordNamesOne() {
    AgentMain main = new AgentMain(List::of, new SourceEnvironment(Map.of(), home), java.time.Clock.systemUTC(),
        System.out, System.err);
    assertThat(CommandTree.forWords(main, new String[] {"daily", "--json"}).getSubcommands()).containsOnlyKeys("daily");
    assertThat(CommandTree.forWords(main, new String[] {"--config", "a.toml", "--validate", "--state-dir=s", "report",
        "daily"}).getSubcommands()).containsOnlyKeys("report");
    for (String[] whole : List.of(new String[] {}, new String[] {"--help"}, new String[] {"-V"}, new String[] {"dialy"},
        new String[] {"--", "daily"}, new String[] {"--config", "run", "daily"}, new String[] {"--config", "--help", "daily"},
        new String[] {"--config"}, new String[] {"--validate=true", "daily"}, new String[] {"-h", "daily"})) {
      assertThat(CommandTree.forWords(main, whole).getSubcommands()).as(String.join(" ", whole))
          .containsOnlyKeys(CommandTree.SUBCOMMANDS.keySet());
    }
  }

  @Test
  void everySubcommandsHelpAndMistakesPrintWhatTheWholeTreePrints() {
    for (String name : CommandTree.SUBCOMMANDS.keySet()) {
      sameAsTheWholeTree(name, "--help");
      sameAsTheWholeTree(name, "-h");
      sameAsTheWholeTree(name, "--version");
      sameAsTheWholeTree(name, "--no-such-option");
      sameAsTheWholeTree(name, "--no-such-option", "--help");
      sameAsTheWholeTree("--state-dir", home.resolve("s").toString(), name, "--hlep");
      sameAsTheWholeTree("--config=" + home.resolve("missing.toml"), name, "-x");
    }
  }

  @Test
  void nestedCommandsHelpAndMistakesToo() {
    List<String[]> words = new ArrayList<>();
    CommandLine whole = CommandTree.full(new AgentMain(List::of, new SourceEnvironment(Map.of(), home),
        java.time.Clock.systemUTC(), System.out, System.err));
    whole.getSubcommands().forEach((name, sub) -> sub.getSubcommands().keySet().forEach(nested -> {
      words.add(new String[] {name, nested, "--help"});
      words.add(new String[] {name, nested, "--bogus"});
      words.add(new String[] {name, "no-such-" + nested});
    }));
    assertThat(words).isNotEmpty();
    words.forEach(this::sameAsTheWholeTree);
  }

  @Test
  void theRootsHelpVersionAndUnknownWordsAreUnchanged() {
    sameAsTheWholeTree();
    sameAsTheWholeTree("--help");
    sameAsTheWholeTree("--version");
    sameAsTheWholeTree("dialy", "--json");
    sameAsTheWholeTree("--config", "daily", "daily");
    sameAsTheWholeTree("--config", "run", "daily", "--bogus");
    sameAsTheWholeTree("--bogus", "daily");
    sameAsTheWholeTree("--config");
    sameAsTheWholeTree("--validate", "--config", home.resolve("missing.toml").toString(), "daily");
    assertThat(run(true, "--help").out()).contains("daily").contains("backfill").contains("receive");
  }
}
