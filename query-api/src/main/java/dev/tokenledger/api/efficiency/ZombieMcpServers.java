package dev.tokenledger.api.efficiency;

import dev.tokenledger.api.efficiency.EfficiencyReport.Severity;
import dev.tokenledger.api.efficiency.EfficiencyReport.Smell;
import java.math.BigDecimal;
import java.util.Optional;

/** MCP servers configured in the assistants' settings but not called for {@code zombie_days} days. */
final class ZombieMcpServers implements SmellRule {

  @Override
  public String code() {
    return "zombie_mcp_servers";
  }

  @Override
  public Optional<Smell> check(EfficiencyFacts facts, EfficiencyReport report, EfficiencySettings settings) {
    if (report.zombieMcpServers().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Smell(code(), Severity.INFO,
        report.zombieMcpServers().size() + " MCP servers are configured but were not called in " + settings.zombieDays() + " days: "
            + String.join(", ", report.zombieMcpServers().stream().map(EfficiencyReport.ZombieServer::server).toList()),
        "Remove unused MCP servers from the assistants' settings: every configured server's tool descriptions are sent with"
            + " every request and cost input tokens.",
        BigDecimal.valueOf(report.zombieMcpServers().size()), BigDecimal.valueOf(settings.zombieDays())));
  }
}
