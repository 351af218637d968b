package dev.tokenledger.processor.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.processor.cli.SinkCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SinkCommandTest {

  @TempDir
  Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = new CommandLine(new SinkCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void validatePrintsTheParsedConfiguration() throws Exception {
    Path f = dir.resolve("sink.toml");
    Files.writeString(f, "[clickhouse]\ndatabase = \"finance\"\n[batch]\nmax_rows = 1000\n");
    assertThat(run("--config", f.toString(), "--validate")).isZero();
    assertThat(out.toString()).startsWith("configuration OK: ").contains("database=finance").contains("maxRows=1000");
  }

  @Test
  void anInvalidConfigurationExitsWith2AndListsEveryError() throws Exception {
    Path f = dir.resolve("bad.toml");
    Files.writeString(f, "[batch]\nmax_rows = -1\n[nope]\nx = 1\n");
    assertThat(run("--config", f.toString(), "--validate")).isEqualTo(2);
    assertThat(err.toString()).contains("batch.max_rows").contains("unknown section [nope]");
    assertThat(run("--config", f.toString(), "migrate")).isEqualTo(2);
  }

  @Test
  void migrateIsASubcommand() {
    assertThat(new CommandLine(new SinkCommand()).getSubcommands()).containsKey("migrate");
  }
}
