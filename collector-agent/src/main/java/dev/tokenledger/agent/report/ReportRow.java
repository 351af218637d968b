package dev.tokenledger.agent.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row of a report: its label (a day, a week's first day, a month, a session id), further named
 * columns (a session's project and last activity), its models with their usage (by model name), and
 * its usage.
 */
public record ReportRow(String label, Map<String, String> extra, List<ModelUsage> models, Usage usage) {

  public ReportRow {
    extra = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    models = List.copyOf(models);
  }

  public List<String> modelNames() {
    return models.stream().map(ModelUsage::model).toList();
  }
}
