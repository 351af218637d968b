package dev.tokenledger.reconciliation.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenledger.reconciliation.DayRange;
import dev.tokenledger.reconciliation.Provider;
import dev.tokenledger.reconciliation.ProviderRow;
import dev.tokenledger.reconciliation.ReportKind;
import dev.tokenledger.reconciliation.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportedReportsTest {

  @TempDir
  Path dir;

  private static final DayRange NOV = new DayRange(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 30));

  @Test
  void everyPageFileOfAReportIsReadInNameOrder() throws Exception {
    Files.writeString(dir.resolve("usage-001.json"), Fixtures.read("anthropic/usage-page-1.json"));
    Files.writeString(dir.resolve("usage-002.json"), Fixtures.read("anthropic/usage-page-2.json"));
    Files.writeString(dir.resolve("cost-001.json"), Fixtures.read("anthropic/cost.json"));
    Files.writeString(dir.resolve("notes.txt"), "not a page");
    ExportedReports files = new ExportedReports(Provider.ANTHROPIC, dir);
    assertThat(files.fetch(ReportKind.USAGE, NOV)).extracting(ProviderRow::day)
        .containsExactly(LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 1), LocalDate.of(2026, 11, 2));
    assertThat(files.fetch(ReportKind.COST, NOV)).hasSize(3);
    assertThat(files.fetch(ReportKind.CLAUDE_CODE, NOV)).isEmpty();
    assertThat(files.origin()).isEqualTo("files");
  }

  @Test
  void aBrokenFileIsNamedAndAMissingDirectoryRefused() throws Exception {
    Files.writeString(dir.resolve("costs.json"), "{\"object\": \"page\"}");
    assertThatThrownBy(() -> new ExportedReports(Provider.OPENAI, dir).fetch(ReportKind.COST, NOV))
        .hasMessageStartingWith("costs.json: openai costs: 'data' is missing");
    assertThatThrownBy(() -> new ExportedReports(Provider.OPENAI, dir.resolve("nope")).fetch(ReportKind.USAGE, NOV))
        .hasMessageContaining("no such file or directory");
  }
}
