package dev.tokenledger.reconciliation.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tokenledger.reconciliation.ReconciliationRow;
import dev.tokenledger.reconciliation.ReconciliationTable;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The reconciliation for a terminal (aligned columns), as JSON (an array of objects) or as CSV (RFC 4180). */
final class ReconciliationOutput {

  private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
      .enable(SerializationFeature.INDENT_OUTPUT).build();

  /** Columns a terminal shows (the per-kind token columns are in JSON and CSV). */
  private static final List<String> TERMINAL = List.of("day", "provider", "model", "subject", "status", "ledger_tokens",
      "provider_tokens", "token_variance", "token_share", "ledger_cost_usd", "provider_cost_usd", "cost_variance_usd",
      "cost_share", "over_threshold");

  private ReconciliationOutput() {}

  static String json(ReconciliationTable table, List<ReconciliationRow> rows) {
    try {
      return JSON.writeValueAsString(rows.stream().map(table::values).toList()) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String csv(ReconciliationTable table, List<ReconciliationRow> rows) {
    StringBuilder sb = new StringBuilder(String.join(",", ReconciliationTable.COLUMNS)).append("\r\n");
    for (ReconciliationRow r : rows) {
      sb.append(table.values(r).values().stream().map(ReconciliationOutput::csvField).collect(Collectors.joining(",")))
          .append("\r\n");
    }
    return sb.toString();
  }

  static String text(ReconciliationTable table, List<ReconciliationRow> rows) {
    List<List<String>> cells = new ArrayList<>();
    cells.add(TERMINAL);
    for (ReconciliationRow r : rows) {
      Map<String, Object> v = table.values(r);
      cells.add(TERMINAL.stream().map(c -> show(v.get(c))).toList());
    }
    int[] width = new int[TERMINAL.size()];
    for (List<String> line : cells) {
      for (int i = 0; i < line.size(); i++) {
        width[i] = Math.max(width[i], line.get(i).length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (List<String> line : cells) {
      for (int i = 0; i < line.size(); i++) {
        sb.append(i == 0 ? "" : "  ").append(String.format("%-" + width[i] + "s", line.get(i)));
      }
      sb.append(System.lineSeparator());
    }
    long over = rows.stream().filter(table::overThreshold).count();
    sb.append(rows.size()).append(" rows, ").append(over).append(" over the threshold").append(System.lineSeparator());
    return sb.toString();
  }

  private static String show(Object v) {
    if (v == null) {
      return "-";
    }
    return v instanceof BigDecimal d ? d.toPlainString() : String.valueOf(v);
  }

  private static String csvField(Object v) {
    if (v == null) {
      return "";
    }
    String s = v instanceof BigDecimal d ? d.toPlainString() : String.valueOf(v);
    return s.matches(".*[\",\r\n].*") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }
}
