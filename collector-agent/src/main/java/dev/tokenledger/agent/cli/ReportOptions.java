package dev.tokenledger.agent.cli;

import dev.tokenledger.agent.api.ApiClient;
import dev.tokenledger.agent.api.ApiEndpoint;
import dev.tokenledger.agent.report.ReportRange;
import dev.tokenledger.settings.Durations;
import java.net.URI;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Option;

/** The options every {@code agent report} command shares: where the API is, what to cover, how to print. */
public final class ReportOptions {

  @Option(names = "--api", paramLabel = "URL", description = "The API (default: $" + ApiEndpoint.ENV_API_URL + ", else "
      + ApiEndpoint.DEFAULT_URL + ").")
  URI api;

  @Option(names = "--token-file", paramLabel = "FILE", description = "File holding your API token (default: $"
      + ApiEndpoint.ENV_TOKEN_FILE + ", else ~/.config/tokenledger/api-token; $" + ApiEndpoint.ENV_TOKEN + " wins).")
  Path tokenFile;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s", description = "How long to wait for each answer (default: ${DEFAULT-VALUE}).")
  String timeout;

  @Option(names = {"-s", "--since"}, paramLabel = "DAY", description = "First day, YYYYMMDD or YYYY-MM-DD (default: depends on the report).")
  String since;

  @Option(names = {"-u", "--until"}, paramLabel = "DAY", description = "Last day, included (default: today).")
  String until;

  @Option(names = {"-z", "--timezone"}, paramLabel = "ZONE", description = "IANA time zone of the days, weeks and times shown (default: this machine's).")
  String timezone;

  @Option(names = "--user", paramLabel = "ID", description = "Only this user's usage (repeat for several; what you may see is your role's).")
  List<String> users = new ArrayList<>();

  @Option(names = "--team", paramLabel = "TEAM", description = "Only this team's usage (repeat for several).")
  List<String> teams = new ArrayList<>();

  @Option(names = "--project", paramLabel = "ID", description = "Only this project's usage, e.g. github.com/acme/api (repeat for several).")
  List<String> projects = new ArrayList<>();

  @Option(names = {"-j", "--json"}, description = "Print a JSON document instead of the table.")
  boolean json;

  @Option(names = {"-o", "--order"}, paramLabel = "asc|desc", defaultValue = "asc", description = "Row order, oldest first or newest first (default: ${DEFAULT-VALUE}).")
  String order;

  @Option(names = "--compact", description = "The narrow table (no cache columns), also chosen when the terminal is narrower than the table.")
  boolean compact;

  @Option(names = "--width", paramLabel = "COLUMNS", description = "Terminal width (default: $COLUMNS, else 120).")
  Integer width;

  ApiClient client(AgentContext main) {
    return new ApiClient(ApiEndpoint.resolve(api, tokenFile, main.environment().variables(), main.environment().home()),
        Durations.parse(timeout));
  }

  ZoneId zone() {
    return timezone == null || timezone.isBlank() ? ZoneId.systemDefault() : ReportRange.zone(timezone);
  }

  boolean descending() {
    return switch (order.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "asc" -> false;
      case "desc" -> true;
      default -> throw new IllegalArgumentException("--order: asc or desc, not '" + order + "'");
    };
  }

  int width(AgentContext main) {
    if (width != null) {
      return width;
    }
    String columns = main.environment().variables().get("COLUMNS");
    try {
      return columns == null || columns.isBlank() ? 120 : Integer.parseInt(columns.trim());
    } catch (NumberFormatException e) {
      return 120;
    }
  }

  /** The range: {@code --until} or today in the zone; {@code --since} or {@code defaultSince(until)}. */
  ReportRange range(AgentContext main, UnaryOperator<LocalDate> defaultSince) {
    ZoneId zone = zone();
    LocalDate last = until == null ? LocalDate.now(main.clock().withZone(zone)) : ReportRange.day("--until", until);
    LocalDate first = since == null ? defaultSince.apply(last) : ReportRange.day("--since", since);
    return new ReportRange(first, last, zone, filters());
  }

  Map<String, List<String>> filters() {
    Map<String, List<String>> f = new LinkedHashMap<>();
    if (!users.isEmpty()) {
      f.put("user", List.copyOf(users));
    }
    if (!teams.isEmpty()) {
      f.put("team", List.copyOf(teams));
    }
    if (!projects.isEmpty()) {
      f.put("project", List.copyOf(projects));
    }
    return f;
  }
}
