package dev.tokenledger.reconciliation.files;

import dev.tokenledger.reconciliation.DayRange;
import dev.tokenledger.reconciliation.Provider;
import dev.tokenledger.reconciliation.ProviderReportException;
import dev.tokenledger.reconciliation.ProviderReportSource;
import dev.tokenledger.reconciliation.ProviderRow;
import dev.tokenledger.reconciliation.ReportKind;
import dev.tokenledger.reconciliation.anthropic.AnthropicPages;
import dev.tokenledger.reconciliation.openai.OpenAiPages;
import dev.tokenledger.reconciliation.page.PageParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A provider's reports exported to files, for sites without a route to the provider: each file is one page
 * exactly as the API returned it, named after its report: {@code usage*.json}, {@code cost*.json},
 * {@code claude_code*.json} (Anthropic only), in one directory (or a single file for one report). Every
 * matching file is read, in name order; rows outside the days asked for are left out by the importer.
 * The paging fields of the files are not followed: export every page.
 */
public final class ExportedReports implements ProviderReportSource {

  private final Provider provider;
  private final Path location;

  public ExportedReports(Provider provider, Path location) {
    this.provider = Objects.requireNonNull(provider, "provider");
    this.location = Objects.requireNonNull(location, "location");
  }

  @Override
  public Provider provider() {
    return provider;
  }

  @Override
  public String origin() {
    return "files";
  }

  /** The files of {@code report} under the location, in name order. */
  public List<Path> files(ReportKind report) throws ProviderReportException {
    if (Files.isRegularFile(location)) {
      return matches(location.getFileName().toString(), report) ? List.of(location) : List.of();
    }
    if (!Files.isDirectory(location)) {
      throw new ProviderReportException("--files " + location + ": no such file or directory");
    }
    try (Stream<Path> s = Files.list(location)) {
      return s.filter(Files::isRegularFile).filter(p -> matches(p.getFileName().toString(), report)).sorted().toList();
    } catch (IOException e) {
      throw new ProviderReportException("--files " + location + ": cannot list (" + e.getMessage() + ")", e);
    }
  }

  static boolean matches(String name, ReportKind report) {
    if (!name.endsWith(".json")) {
      return false;
    }
    return switch (report) {
      case USAGE -> name.startsWith("usage");
      case COST -> name.startsWith("cost");
      case CLAUDE_CODE -> name.startsWith("claude_code");
    };
  }

  @Override
  public List<ProviderRow> fetch(ReportKind report, DayRange range) throws ProviderReportException {
    PageParser parser = provider == Provider.ANTHROPIC ? AnthropicPages.parser(report) : OpenAiPages.parser(report);
    List<ProviderRow> rows = new ArrayList<>();
    for (Path f : files(report)) {
      String body;
      try {
        body = Files.readString(f);
      } catch (IOException e) {
        throw new ProviderReportException(f + ": cannot read (" + e.getMessage() + ")", e);
      }
      try {
        rows.addAll(parser.parse(body).rows());
      } catch (ProviderReportException e) {
        throw new ProviderReportException(f.getFileName() + ": " + e.getMessage(), e);
      }
    }
    return rows;
  }
}
