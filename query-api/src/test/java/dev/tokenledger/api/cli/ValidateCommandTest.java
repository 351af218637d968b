package dev.tokenledger.api.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenledger.api.ApiMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code --config} and {@code --validate} on every command of the query role; nothing reaches the warehouse. */
class ValidateCommandTest {

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = new CommandLine(new ApiMain());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @ParameterizedTest
  @ValueSource(strings = {"serve", "spend", "report"})
  void aValidFileIsPrintedWithoutItsPassword(String command) throws Exception {
    Path f = dir.resolve("api.toml");
    Files.writeString(f, "[clickhouse]\npassword = \"s3cret\"\n[http]\nport = 0\n");
    assertThat(run(command, "--config", f.toString(), "--validate")).isEqualTo(0);
    assertThat(out.toString()).startsWith("configuration OK: ApiSettings[").doesNotContain("s3cret");
  }

  @ParameterizedTest
  @ValueSource(strings = {"serve", "spend", "report"})
  void anInvalidFileIsRefusedWithEveryError(String command) throws Exception {
    Path f = dir.resolve("api.toml");
    Files.writeString(f, "[http]\nport = \"x\"\nhots = \"a\"\n");
    assertThat(run(command, "--config", f.toString(), "--validate")).isEqualTo(2);
    assertThat(err.toString()).contains("http.port: expected an integer", "unknown key http.hots");
    assertThat(out.toString()).isEmpty();
  }
}
